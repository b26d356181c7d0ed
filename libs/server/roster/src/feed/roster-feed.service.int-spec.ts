import { AuditService } from '@equip/server/audit';
import { cohortMembership } from '@equip/server/cohorts';
import { createDataSource } from '@equip/server/database';
import { ConflictError } from '@equip/server/http';
import { PostgresFileStorage } from '@equip/server/storage';
import { createTestDatabase, TestDatabase, testConfig } from '@equip/server/testing';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { RosterImportRecordRepository } from '../imports/roster-import-record.repository';
import { RosterRepository } from '../roster.repository';
import { RosterService } from '../roster.service';
import { RosterFeedRepository } from './roster-feed.repository';
import { RosterFeedService } from './roster-feed.service';
import { rosterCsv, rosterPerson, type RosterPerson } from '../testing/roster-rows';

type Person = RosterPerson;

const person = rosterPerson;
const csv = rosterCsv;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `S${String(from + i).padStart(3, '0')}`);
const LATER = () => Date.now() + 5 * 60_000;

/** A city of 100 active staff (S001 and S002 its RASE administrators); the threshold is the default 50 people. */
describe('The scheduled roster feed, against PostgreSQL and a real folder', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let folder: string;
  let feed: RosterFeedService;
  let feedRepository: RosterFeedRepository;
  const everyone = range(1, 100).map((id) => person(id));

  const query = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => dataSource.query(sql, params);
  const drop = (name: string, people: Person[]) => writeFile(join(folder, name), csv(people));
  const fileRow = async (name: string) =>
    (await query<{ state: string; held_reason: string | null; import_id: string | null; deactivate: number | null; decided_by: string | null }>(
      `SELECT state, held_reason, import_id, deactivate, decided_by FROM roster_feed_file WHERE file_name = $1`,
      [name],
    ))[0];
  const mails = async (fileName: string) =>
    query<{ to: string; subject: string; text: string }>(
      `SELECT payload->>'to' AS to, payload->>'subject' AS subject, payload->>'text' AS text FROM outbox
        WHERE event = 'mail.queued' AND payload->>'text' LIKE '%' || $1 || '%' ORDER BY payload->>'to'`,
      [fileName],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await createDataSource({ databaseUrl: db.url }).initialize();
    folder = await mkdtemp(join(tmpdir(), 'equip-feed-'));
    const config = testConfig({ appUrl: 'https://equip.city.example' });
    config.roster = { ...config.roster, feedDir: folder };
    const audit = new AuditService(dataSource);
    const roster = new RosterService(dataSource, new RosterRepository(), audit, new RosterImportRecordRepository(dataSource), config);
    feedRepository = new RosterFeedRepository(dataSource);
    feed = new RosterFeedService(dataSource, config, feedRepository, roster, new PostgresFileStorage(dataSource), audit, cohortMembership(dataSource));
    await query(`INSERT INTO department (id, code, name, path) SELECT id, 'TES', 'Transportation', '/' || id || '/' FROM (SELECT $1::uuid AS id) d`, [randomUUID()]);
    const text = csv(everyone);
    const seeded = await roster.importRoster([Buffer.from(text)] as unknown as AsyncIterable<Buffer>, {
      dryRun: false,
      actorId: null,
      via: 'cli',
      sha256: createHash('sha256').update(text).digest('hex'),
    });
    expect(seeded.result.applied).toBe(true);
    await query(`INSERT INTO role_grant (staff_id, role) SELECT id, 'rase_admin' FROM staff WHERE employee_id IN ('S001', 'S002')`);
    // The seeding import's invitations are not what these tests look at.
    await query(`DELETE FROM outbox`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('leaves a file still being written, hidden files, partial files and subfolders alone', async () => {
    await drop('hr-now.csv', everyone);
    await drop('.hr-hidden.csv', everyone);
    await drop('hr-next.csv.part', everyone);
    await drop('hr-next.tmp', everyone);
    await mkdir(join(folder, 'archive'));
    await drop('archive/hr-old.csv', everyone);

    const run = await feed.pickUp();
    expect(run).toEqual({ handled: [], waiting: ['hr-now.csv'], known: 0 });
    expect(await query(`SELECT * FROM roster_feed_file`)).toEqual([]);
    await rm(join(folder, 'hr-now.csv'));
  });

  it('refuses a file with problems, imports nothing and mails every active administrator its first problems by line', async () => {
    await drop('hr-bad.csv', [...everyone.slice(0, 99), person('S100', { department_code: 'NOPE', email: 'not-an-address' })]);
    const run = await feed.pickUp(LATER());
    expect(run.handled).toEqual([{ fileName: 'hr-bad.csv', state: 'refused' }]);
    const row = await fileRow('hr-bad.csv');
    expect(row.state).toBe('refused');
    expect(row.held_reason).toMatch(/^The nightly roster file hr-bad\.csv has 2 problems and was not imported: line 101, /);
    expect(await query(`SELECT * FROM roster_import WHERE via = 'feed'`)).toEqual([]);
    const sent = await mails('hr-bad.csv');
    expect(sent.map((m) => m.to)).toEqual(['s001@city.example', 's002@city.example']);
    expect(sent[0].subject).toBe('A nightly roster file was not imported');
    expect(sent[0].text).toContain('Review it in Equip: https://equip.city.example/rase/roster');
    // The copy is in the file store, under its sha256.
    const [stored] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM stored_file WHERE key LIKE 'roster-feed/%'`);
    expect(stored.n).toBe(1);
  });

  it('holds a file that deactivates more than the threshold and says so in words', async () => {
    await drop('hr-2026-12-04.csv', everyone.slice(0, 40));
    const run = await feed.pickUp(LATER());
    expect(run).toEqual({ handled: [{ fileName: 'hr-2026-12-04.csv', state: 'held' }], waiting: [], known: 1 });
    const row = await fileRow('hr-2026-12-04.csv');
    expect(row).toMatchObject({ state: 'held', deactivate: 60, import_id: null });
    expect(row.held_reason).toBe(
      "The nightly roster file hr-2026-12-04.csv would deactivate 60 people; the limit for importing without a person's confirmation is 50.",
    );
    const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM staff WHERE active`);
    expect(n).toBe(100);
    const sent = await mails('hr-2026-12-04.csv');
    expect(sent).toHaveLength(2);
    expect(sent[0].subject).toBe('A nightly roster file needs your confirmation');
  });

  it('applies a clean file as the feed, recorded with via feed, and invites the active staff it adds', async () => {
    await drop('hr-clean.csv', [...everyone, person('S101'), person('S102', { status: 'inactive' })]);
    const run = await feed.pickUp(LATER());
    expect(run.handled).toEqual([{ fileName: 'hr-clean.csv', state: 'applied' }]);
    const row = await fileRow('hr-clean.csv');
    expect(row).toMatchObject({ state: 'applied', decided_by: null });
    const [record] = await query<{ via: string; actor_id: string | null; added: number; file_name: string }>(`SELECT via, actor_id, added, file_name FROM roster_import WHERE id = $1`, [row.import_id]);
    expect(record).toEqual({ via: 'feed', actor_id: null, added: 2, file_name: 'hr-clean.csv' });
    const invited = await query<{ employee_id: string }>(
      `SELECT s.employee_id FROM outbox o JOIN staff s ON s.id = (o.payload->>'staffId')::uuid WHERE o.event = 'staff.invited'`,
    );
    expect(invited).toEqual([{ employee_id: 'S101' }]);
    expect(await mails('hr-clean.csv')).toEqual([]);
  });

  it('handles each file exactly once when two pickups run at once, and on every later night', async () => {
    await drop('hr-a.csv', [...everyone, person('S101', { job_title: 'Analyst' })]);
    await drop('hr-b.csv', [...everyone, person('S101', { job_title: 'Senior Analyst' })]);
    const before = (await query<{ n: number }>(`SELECT count(*)::int AS n FROM roster_import WHERE via = 'feed'`))[0].n;
    const runs = await Promise.all([feed.pickUp(LATER()), feed.pickUp(LATER())]);
    const handled = runs.flatMap((r) => r.handled).map((h) => h.fileName).sort();
    expect(handled).toEqual(['hr-a.csv', 'hr-b.csv']);
    const after = (await query<{ n: number }>(`SELECT count(*)::int AS n FROM roster_import WHERE via = 'feed'`))[0].n;
    expect(after - before).toBe(2);
    // In name order: b was applied last.
    const [{ job_title }] = await query<{ job_title: string }>(`SELECT job_title FROM staff WHERE employee_id = 'S101'`);
    expect(job_title).toBe('Senior Analyst');
    // The next night sees every file again and handles none.
    expect((await feed.pickUp(LATER())).handled).toEqual([]);
  });

  it('records a file once by its sha256 however many claim it at the same moment', async () => {
    const file = { sha256: createHash('sha256').update('same bytes').digest('hex'), fileName: 'twice.csv', storageKey: 'roster-feed/x.csv', size: 10 };
    const ids = await Promise.all(Array.from({ length: 6 }, () => feedRepository.claim(file)));
    expect(ids.filter((id) => id !== null)).toHaveLength(1);
    await feedRepository.release(ids.find((id) => id !== null)!);
  });

  it('applies a held file only with the number typed back, as the deciding administrator, then never again', async () => {
    const [held] = await query<{ id: string }>(`SELECT id FROM roster_feed_file WHERE file_name = 'hr-2026-12-04.csv'`);
    const [admin] = await query<{ id: string }>(`SELECT id FROM staff WHERE employee_id = 'S002'`);
    // The file left out S101 (added since); it now deactivates 61.
    const preview = await feed.apply(held.id, { dryRun: true, actorId: admin.id });
    expect(preview.result.confirmation).toMatchObject({ required: true, deactivate: 61 });
    const wrong = await feed.apply(held.id, { dryRun: false, actorId: admin.id, confirmDeactivate: 60 });
    expect(wrong.result).toMatchObject({ applied: false, confirmation: { refused: true } });
    expect((await fileRow('hr-2026-12-04.csv')).state).toBe('held');

    const applied = await feed.apply(held.id, { dryRun: false, actorId: admin.id, confirmDeactivate: 61 });
    expect(applied.result.applied).toBe(true);
    expect(await fileRow('hr-2026-12-04.csv')).toMatchObject({ state: 'applied', decided_by: admin.id, import_id: applied.result.importId });
    const [record] = await query<{ via: string; actor_id: string; confirmed: boolean }>(`SELECT via, actor_id, confirmed FROM roster_import WHERE id = $1`, [applied.result.importId]);
    expect(record).toEqual({ via: 'feed', actor_id: admin.id, confirmed: true });
    const audited = await query<{ action: string }>(`SELECT action FROM audit_event WHERE subject_id = $1`, [held.id]);
    expect(audited).toEqual([{ action: 'roster.feed-file-applied' }]);

    await expect(feed.apply(held.id, { dryRun: false, actorId: admin.id, confirmDeactivate: 61 })).rejects.toBeInstanceOf(ConflictError);
    await expect(feed.discard(held.id, admin.id)).rejects.toBeInstanceOf(ConflictError);
  });
});
