import { AuditService } from '@equip/server/audit';
import { createDataSource } from '@equip/server/database';
import { createTestDatabase, TestDatabase } from '@equip/server/testing';
import type { CatalogSyncCounts, StoredLesson } from '@equip/shared/contracts';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CatalogRepository } from './catalog.repository';
import { CatalogSyncService } from './catalog-sync.service';

const counts = (created: number, updated: number, archived: number, unchanged: number): CatalogSyncCounts => ({ created, updated, archived, unchanged });

interface VersionRow {
  id: string;
  /** changes with any UPDATE of the row */
  xmin: string;
  slug: string;
  version: number;
  content_hash: string;
  lessons: StoredLesson[];
  published_at: Date;
  current: boolean;
}

describe('CatalogSyncService against PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let service: CatalogSyncService;
  // One copy of the valid fixture, edited test by test like an author would.
  const dir = mkdtempSync(join(tmpdir(), 'equip-catalog-sync-'));
  cpSync(join(__dirname, 'content/__fixtures__/valid'), dir, { recursive: true });
  const edit = (file: string, change: (text: string) => string) => writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> => dataSource.query(sql, params);
  const versions = () =>
    query<VersionRow>(
      `SELECT v.id, v.xmin::text AS xmin, c.slug, v.version, v.content_hash, v.lessons, v.published_at, c.current_version_id = v.id AS current
         FROM course_version v JOIN course c ON c.id = v.course_id ORDER BY c.slug, v.version`,
    );
  const courses = () => query<{ id: string; slug: string; archived: boolean }>(`SELECT id, slug, archived_at IS NOT NULL AS archived FROM course ORDER BY slug`);
  /** Every catalog row as written, and its xmin (which any UPDATE changes), to prove a sync that changes nothing writes nothing. */
  const everything = async () => ({
    competency: await query(`SELECT xmin::text AS xmin, * FROM competency ORDER BY slug`),
    course: await query(`SELECT xmin::text AS xmin, * FROM course ORDER BY slug`),
    courseVersion: await query(`SELECT xmin::text AS xmin, * FROM course_version ORDER BY id`),
    track: await query(`SELECT xmin::text AS xmin, * FROM track ORDER BY slug`),
  });
  const audits = () => query<{ after: unknown }>(`SELECT after FROM audit_event WHERE action = 'catalog.synced' ORDER BY id`);
  const sync = async () => {
    const outcome = await service.syncFromDirectory(dir);
    expect(outcome.problems).toEqual([]);
    return outcome.result!;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await createDataSource({ databaseUrl: db.url }).initialize();
    service = new CatalogSyncService(dataSource, new CatalogRepository(), new AuditService(dataSource));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a new catalog: every course gets version 1 with its lessons, answers included', async () => {
    expect(await sync()).toEqual({
      competencies: counts(2, 0, 0, 0),
      courses: counts(2, 0, 0, 0),
      tracks: counts(1, 0, 0, 0),
      courseVersionsCreated: 2,
    });
    const rows = await versions();
    expect(rows.map((v) => [v.slug, v.version, v.current])).toEqual([
      ['community-engagement', 1, true],
      ['equity-basics', 1, true],
    ]);
    const check = rows[1].lessons.find((l) => l.type === 'knowledge-check');
    expect(check).toMatchObject({ questions: [{ id: 'q1', options: [{ id: 'a', correct: false }, { id: 'b', correct: true }] }, { id: 'q2' }] });
    const [basics] = await query<Record<string, unknown>>(
      `SELECT title, audience, estimated_minutes, competencies, prerequisites, tags FROM course_version v JOIN course c ON c.id = v.course_id WHERE c.slug = 'community-engagement'`,
    );
    expect(basics).toEqual({
      title: 'Community engagement',
      audience: 'managers',
      estimated_minutes: 10,
      competencies: [{ competency: 'community-engagement', level: 'Aware' }],
      prerequisites: ['equity-basics'],
      tags: [],
    });
    const [track] = await query(`SELECT steps, awards FROM track`);
    expect(track).toEqual({
      steps: [
        { course: 'equity-basics', optional: false },
        { course: 'community-engagement', optional: true },
      ],
      awards: { competency: 'racial-equity-foundations', level: 'Practicing' },
    });
    expect(await audits()).toHaveLength(1);
  });

  it('changes nothing when the files have not changed: no row is written or touched', async () => {
    const before = await everything();
    expect(await sync()).toEqual({
      competencies: counts(0, 0, 0, 2),
      courses: counts(0, 0, 0, 2),
      tracks: counts(0, 0, 0, 1),
      courseVersionsCreated: 0,
    });
    expect(await everything()).toEqual(before);
    expect(await audits()).toHaveLength(1);
  });

  it('gives a course whose lesson changed exactly one new version and leaves the old one as it was', async () => {
    const before = await versions();
    edit('courses/equity-basics/04-reflect.md', (t) => t.replace('Take a few minutes.', 'Take five minutes.'));

    expect(await sync()).toEqual({
      competencies: counts(0, 0, 0, 2),
      courses: counts(0, 1, 0, 1),
      tracks: counts(0, 0, 0, 1),
      courseVersionsCreated: 1,
    });
    const after = await versions();
    expect(after).toHaveLength(3);
    // the version a learner in progress holds: same id, same content, no longer current
    expect(after.find((v) => v.id === before[1].id)).toEqual({ ...before[1], current: false });
    expect(after.find((v) => v.id === before[0].id)).toEqual(before[0]);
    const fresh = after.find((v) => !before.some((b) => b.id === v.id))!;
    expect(fresh).toMatchObject({ slug: 'equity-basics', version: 2, current: true });
    expect(fresh.lessons.find((l) => l.slug === 'reflect')!.html).toContain('Take five minutes.');

    expect((await sync()).courseVersionsCreated).toBe(0);
  });

  it('goes back to an earlier version, without a new row, when the content is reverted', async () => {
    const before = await versions();
    edit('courses/equity-basics/04-reflect.md', (t) => t.replace('Take five minutes.', 'Take a few minutes.'));
    const result = await sync();
    expect(result.courses).toEqual(counts(0, 1, 0, 1));
    expect(result.courseVersionsCreated).toBe(0);
    expect((await versions()).map((v) => [v.slug, v.version, v.current])).toEqual([
      ['community-engagement', 1, true],
      ['equity-basics', 1, true],
      ['equity-basics', 2, false],
    ]);
    expect((await versions()).map((v) => v.id)).toEqual(before.map((v) => v.id));
  });

  it('archives a course, track and competency whose files are gone, keeping the rows, and restores them when they return', async () => {
    const backup = mkdtempSync(join(tmpdir(), 'equip-catalog-removed-'));
    cpSync(dir, backup, { recursive: true });
    const coursesBefore = await courses();
    rmSync(join(dir, 'courses/community-engagement'), { recursive: true });
    rmSync(join(dir, 'tracks/all-staff-foundations.yaml'));
    edit('competencies.yaml', (t) => t.slice(0, t.indexOf('  - slug: community-engagement')));

    expect(await sync()).toEqual({
      competencies: counts(0, 0, 1, 1),
      courses: counts(0, 0, 1, 1),
      tracks: counts(0, 0, 1, 0),
      courseVersionsCreated: 0,
    });
    expect(await courses()).toEqual([
      { ...coursesBefore[0], archived: true },
      { ...coursesBefore[1], archived: false },
    ]);
    expect(await versions()).toHaveLength(3);
    expect(await query(`SELECT slug FROM track WHERE archived_at IS NOT NULL`)).toEqual([{ slug: 'all-staff-foundations' }]);
    expect(await query(`SELECT slug FROM competency WHERE archived_at IS NOT NULL`)).toEqual([{ slug: 'community-engagement' }]);
    expect((await sync()).courses).toEqual(counts(0, 0, 0, 1));

    cpSync(backup, dir, { recursive: true });
    rmSync(backup, { recursive: true, force: true });
    expect(await sync()).toEqual({
      competencies: counts(0, 1, 0, 1),
      courses: counts(0, 1, 0, 1),
      tracks: counts(0, 1, 0, 0),
      courseVersionsCreated: 0,
    });
    expect(await courses()).toEqual(coursesBefore);
    expect(await query(`SELECT count(*)::int AS n FROM course WHERE archived_at IS NOT NULL`)).toEqual([{ n: 0 }]);
  });

  it('updates a competency or track only when it changed', async () => {
    edit('competencies.yaml', (t) => t.replace('Knows who is affected.', 'Knows who is affected, and how.'));
    const result = await sync();
    expect(result.competencies).toEqual(counts(0, 1, 0, 1));
    expect(result.tracks).toEqual(counts(0, 0, 0, 1));
    expect(await query(`SELECT levels FROM competency WHERE slug = 'community-engagement'`)).toEqual([
      { levels: [{ name: 'Aware', description: 'Knows who is affected, and how.' }] },
    ]);
  });

  it('refuses to publish a catalog with problems and writes nothing', async () => {
    const before = await everything();
    const outcome = await service.syncFromDirectory(join(__dirname, 'content/__fixtures__/broken'));
    expect(outcome.result).toBeNull();
    expect(outcome.problems.length).toBeGreaterThan(10);
    expect(await everything()).toEqual(before);
  });
});
