import { createDataSource } from '@equip/server/database';
import { createValidationPipe, FieldValidationException } from '@equip/server/http';
import { createTestDatabase, TestDatabase, testConfig } from '@equip/server/testing';
import { migrations } from '@equip/migrations';
import type { AuditEventView } from '@equip/shared/contracts';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditLogService, AuditFilter } from './audit-log.service';
import { AuditService } from './audit.service';
import { auditCsvRows } from './csv';
import { AuditQueryDto } from './dto/audit-query.dto';

const sentence = (e: AuditEventView) => e.summary.map((p) => p.text).join('');

describe('audit_event', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`INSERT INTO audit_event (action, subject_type, subject_id) VALUES ('role.granted', 'staff', 'x')`);
  });

  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('cannot be edited', async () => {
    await expect(client.query(`UPDATE audit_event SET action = 'role.revoked'`)).rejects.toThrow('audit events cannot be changed or deleted');
    await expect(client.query(`UPDATE audit_event SET department_id = NULL`)).rejects.toThrow('audit events cannot be changed or deleted');
  });

  it('cannot be deleted or truncated', async () => {
    await expect(client.query(`DELETE FROM audit_event`)).rejects.toThrow('audit events cannot be changed or deleted');
    await expect(client.query(`TRUNCATE audit_event`)).rejects.toThrow('audit events cannot be changed or deleted');
    const { rows } = await client.query('SELECT count(*)::int AS n FROM audit_event');
    expect(rows[0].n).toBe(1);
  });
});

/**
 * The audit log as people read it, on a real PostgreSQL: CITY ⊃ FIN and PARKS; Emily Sullivan (a
 * RASE administrator) exempts Heather Wright (FIN) from a course, Heather then moves to PARKS.
 */
describe('the audit log in words', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let audit: AuditService;
  let log: AuditLogService;
  const id: Record<string, string> = {};

  const one = async <T = Record<string, string>>(sql: string, params: unknown[] = []): Promise<T> => (await dataSource.query(sql, params))[0];
  const department = async (code: string, name: string, parent?: string) => {
    const row = await one(`INSERT INTO department (code, name, parent_id, path) VALUES ($1, $2, $3, '') RETURNING id`, [code, name, parent ?? null]);
    await dataSource.query(`UPDATE department SET path = COALESCE((SELECT path FROM department WHERE id = $2), '/') || $1 || '/' WHERE id = $1`, [row.id, parent ?? null]);
    id[code] = row.id;
  };
  const person = async (key: string, first: string, last: string, departmentCode: string) => {
    id[key] = (await one(`INSERT INTO staff (employee_id, email, first_name, last_name, department_id) VALUES ($1, $1 || '@x.org', $2, $3, $4) RETURNING id`, [key, first, last, id[departmentCode]])).id;
  };
  const find = async (filter: AuditFilter) => (await log.find(filter, 1, 50)).items;
  const refused = async (query: Record<string, string>) => {
    const error = await createValidationPipe()
      .transform(query, { type: 'query', metatype: AuditQueryDto })
      .then(() => undefined, (e: unknown) => e);
    if (!(error instanceof FieldValidationException)) throw new Error(`expected a refusal for ${JSON.stringify(query)}`);
    return error.fieldErrors.map((e) => e.field);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await createDataSource({ databaseUrl: db.url }).initialize();
    audit = new AuditService(dataSource);
    log = new AuditLogService(dataSource, testConfig({ cityTimeZone: 'America/New_York' }));
    await department('CITY', 'City of Alexandria');
    await department('FIN', 'Finance', id['CITY']);
    await department('PARKS', 'Parks and Recreation', id['CITY']);
    await person('emily', 'Emily', 'Sullivan', 'CITY');
    await person('heather', 'Heather', 'Wright', 'FIN');
    await person('omar', 'Omar', 'Haddad', 'PARKS');
    const course = await one(`INSERT INTO course (slug) VALUES ('racial-equity-foundations') RETURNING id`);
    const version = await one(
      `INSERT INTO course_version (course_id, version, content_hash, title, summary, audience, estimated_minutes, competencies, lessons)
       VALUES ($1, 1, repeat('a', 64), 'Racial equity foundations', 'S', 'all-staff', 30, '[]', '[]') RETURNING id`,
      [course.id],
    );
    await dataSource.query(`UPDATE course SET current_version_id = $1 WHERE id = $2`, [version.id, course.id]);
    id['assignment'] = (await one(`INSERT INTO assignment (staff_id, course_id, due_on) VALUES ($1, $2, '2026-02-28') RETURNING id`, [id['heather'], course.id])).id;

    // What CohortsService.exempt records: the assignment as the api shows it, before and after.
    const before = { id: id['assignment'], staffId: id['heather'], kind: 'course', slug: 'racial-equity-foundations', title: 'Racial equity foundations', status: 'overdue', exemptReason: null, exemptedAt: null, dueOn: '2026-02-28' };
    await audit.record({
      actorId: id['emily'], action: 'assignment.exempted', subjectType: 'assignment', subjectId: id['assignment'],
      before, after: { ...before, status: 'exempt', exemptReason: 'on leave until March', exemptedAt: '2026-03-02T15:04:00.000Z' },
    });
    await audit.record({ actorId: id['emily'], action: 'role.granted', subjectType: 'staff', subjectId: id['omar'], before: null, after: { role: 'viewer', department: null } });
    // Heather moves to Parks; what happens to her from now on is Parks'.
    await dataSource.query(`UPDATE staff SET department_id = $1 WHERE id = $2`, [id['PARKS'], id['heather']]);
    await audit.record({ actorId: null, action: 'auth.locked_out', subjectType: 'staff', subjectId: id['heather'] });
    await audit.record({ actorId: null, action: 'catalog.synced', subjectType: 'catalog', after: { courses: 1 } });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('refuses a filter it cannot apply, naming the field', async () => {
    expect(await refused({ action: 'assignment.' })).toEqual(['action']);
    expect(await refused({ action: 'DROP TABLE' })).toEqual(['action']);
    expect(await refused({ staffId: 'Heather Wright' })).toEqual(['staffId']);
    expect(await refused({ departmentId: 'FIN' })).toEqual(['departmentId']);
    expect(await refused({ from: '2026-02-30' })).toEqual(['from']);
    expect(await refused({ to: '2026-W01' })).toEqual(['to']);
    await expect(createValidationPipe().transform({ action: 'assignments', staffId: id['heather'] }, { type: 'query', metatype: AuditQueryDto })).resolves.toBeDefined();
  });

  it('says who did what to whom, with linked names, the changed fields in words and the time in the city', async () => {
    const [exemption] = await find({ action: 'assignment.exempted' });
    expect(sentence(exemption)).toBe('Emily Sullivan exempted Heather Wright from Racial equity foundations: on leave until March');
    expect(exemption.summary.filter((p) => p.link).map((p) => p.link)).toEqual([
      { kind: 'staff', ref: id['emily'] },
      { kind: 'staff', ref: id['heather'] },
      { kind: 'course', ref: 'racial-equity-foundations' },
    ]);
    expect(exemption.actionLabel).toBe('Exempted from training');
    expect(exemption.changes).toEqual([
      { field: 'status', label: 'Status', before: 'Overdue', after: 'Exempt' },
      { field: 'exemptReason', label: 'Reason for exemption', before: null, after: 'on leave until March' },
      { field: 'exemptedAt', label: 'Exempted', before: null, after: 'Mar 2, 2026, 10:04 AM EST' },
    ]);
    expect(exemption.occurredAt).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T$/);
    expect(exemption.department).toEqual({ id: id['FIN'], name: 'Finance' });

    const [system] = await find({ action: 'catalog.synced' });
    expect(sentence(system)).toBe('The course catalog was updated from its files');
    expect(system.department).toBeNull();
  });

  it('filters by the department the subject was in when it happened, after they move', async () => {
    expect((await find({ departmentId: id['FIN'] })).map((e) => e.action)).toEqual(['assignment.exempted']);
    expect((await find({ departmentId: id['PARKS'] })).map((e) => e.action)).toEqual(['auth.locked_out', 'role.granted']);
    // A department includes the ones below it.
    expect((await find({ departmentId: id['CITY'] })).map((e) => e.action)).toEqual(['auth.locked_out', 'role.granted', 'assignment.exempted']);
  });

  it('filters by person: what they did and what was done to them, through their assignments too', async () => {
    expect((await find({ staffId: id['heather'] })).map((e) => e.action)).toEqual(['auth.locked_out', 'assignment.exempted']);
    expect((await find({ staffId: id['emily'] })).map((e) => e.action)).toEqual(['role.granted', 'assignment.exempted']);
    expect(await find({ staffId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
  });

  it('filters by kind of action, one or a group, and by days in the city time zone', async () => {
    expect((await find({ action: 'assignments' })).map((e) => e.action)).toEqual(['assignment.exempted']);
    expect((await find({ action: 'accounts' })).map((e) => e.action)).toEqual(['auth.locked_out']);
    // 02:30 UTC on March 2 is still March 1 in the city.
    await dataSource.query(`INSERT INTO audit_event (action, subject_type, at) VALUES ('demo.seeded', 'system', '2026-03-02T02:30:00Z')`);
    expect((await find({ action: 'system', from: '2026-03-01', to: '2026-03-01' })).map((e) => e.occurredAt)).toEqual(['Mar 1, 2026, 9:30 PM EST']);
    expect(await find({ action: 'system', from: '2026-03-02' })).toEqual([]);
    expect(await find({ action: 'system', to: '2026-02-28' })).toEqual([]);
  });

  it('exports one CSV row per changed field, in words, with the raw JSON last', async () => {
    const events: AuditEventView[] = [];
    for await (const batch of log.findAll({ staffId: id['heather'] })) events.push(...batch);
    const lines = events.map(auditCsvRows).join('').trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 3);
    const [locked, ...exemption] = lines;
    expect(locked).toMatch(/^"[A-Z][a-z]{2} \d{1,2}, \d{4}, [^"]+",Equip,Locked out after failed sign-ins,Heather Wright,,,,"\{/);
    expect(exemption[0]).toMatch(/^"[^"]+",Emily Sullivan,Exempted from training,Heather Wright \(Racial equity foundations\),Status,Overdue,Exempt,"\{/);
    expect(exemption[1]).toContain(',Reason for exemption,,on leave until March,');
    expect(exemption[2]).toContain(',Exempted,,"Mar 2, 2026, 10:04 AM EST",');
    const raw = JSON.parse(exemption[2].slice(exemption[2].indexOf(',"{') + 2, -1).replace(/""/g, '"'));
    expect(raw.after.exemptReason).toBe('on leave until March');
    expect(raw.subjectId).toBe(id['assignment']);
  });

  it('its migration goes down and up again, filling in earlier events from today\'s data, and leaves them append-only', async () => {
    const Migration = migrations.find((m) => m.name === 'AuditEventDepartment1797016160000');
    if (!Migration) throw new Error('migration AuditEventDepartment not registered');
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await new Migration().down(runner);
      await new Migration().up(runner);
      await new Migration().down(runner);
      await new Migration().up(runner);
      const rows: { action: string; department_id: string | null }[] = await runner.query(`SELECT action, department_id FROM audit_event WHERE action <> 'demo.seeded' ORDER BY id`);
      // Backfilled from where people are now: Heather's exemption lands in Parks, where she is today.
      expect(rows).toEqual([
        { action: 'assignment.exempted', department_id: id['PARKS'] },
        { action: 'role.granted', department_id: id['PARKS'] },
        { action: 'auth.locked_out', department_id: id['PARKS'] },
        { action: 'catalog.synced', department_id: null },
      ]);
      await expect(runner.query(`UPDATE audit_event SET department_id = NULL`)).rejects.toThrow('audit events cannot be changed or deleted');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect((await find({ departmentId: id['FIN'] })).map((e) => e.action)).toEqual(['assignment.exempted']);
  });
});
