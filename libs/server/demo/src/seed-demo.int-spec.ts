import { createDataSource } from '@equip/server/database';
import { createTestDatabase, TestDatabase } from '@equip/server/testing';
import * as argon2 from 'argon2';
import type { DataSource } from 'typeorm';
import { DEMO_LOGINS, DEMO_PASSWORD } from './demo-logins';
import { seedDemoCity } from './seed-demo';

async function counts(ds: DataSource) {
  const [row] = await ds.query(`
    SELECT (SELECT count(*) FROM department)::int AS departments,
           (SELECT count(*) FROM staff)::int AS staff,
           (SELECT count(*) FROM account)::int AS accounts,
           (SELECT count(*) FROM role_grant)::int AS grants,
           (SELECT count(*) FROM audit_event)::int AS audit_events`);
  return row as Record<string, number>;
}

describe('seedDemoCity', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ databaseUrl: db.url, applicationName: 'equip-test-demo' });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  describe('on an empty database', () => {
    let result: Awaited<ReturnType<typeof seedDemoCity>>;
    let elapsedMs: number;

    beforeAll(async () => {
      const started = performance.now();
      result = await seedDemoCity(ds);
      elapsedMs = performance.now() - started;
    });

    it('seeds about thirty departments with divisions and a few hundred staff, quickly', async () => {
      expect(result).toMatchObject({ seeded: true, logins: 4 });
      const c = await counts(ds);
      expect(result).toEqual({ seeded: true, departments: c.departments, staff: c.staff, logins: 4 });
      const kinds = await ds.query(`SELECT kind, count(*)::int AS n FROM department GROUP BY kind`);
      const byKind = Object.fromEntries(kinds.map((k: { kind: string; n: number }) => [k.kind, k.n]));
      expect(byKind.department).toBeGreaterThanOrEqual(28);
      expect(byKind.department).toBeLessThanOrEqual(32);
      expect(byKind.division).toBeGreaterThanOrEqual(20);
      expect(c.staff).toBeGreaterThanOrEqual(300);
      expect(c.staff).toBeLessThanOrEqual(600);
      expect(elapsedMs).toBeLessThan(3000);
    });

    it('writes each path as the ids from the root down', async () => {
      const [bad] = await ds.query(`
        WITH RECURSIVE tree AS (
          SELECT id, '/' || id || '/' AS expected FROM department WHERE parent_id IS NULL
          UNION ALL
          SELECT d.id, t.expected || d.id || '/' FROM department d JOIN tree t ON d.parent_id = t.id)
        SELECT (SELECT count(*) FROM department)::int AS total,
               count(*)::int AS reached,
               count(*) FILTER (WHERE d.path <> t.expected)::int AS wrong
        FROM tree t JOIN department d USING (id)`);
      expect(bad.reached).toBe(bad.total);
      expect(bad.wrong).toBe(0);
    });

    it('gives every staff member a department, unique email, and a manager chain without cycles', async () => {
      const [row] = await ds.query(`
        WITH RECURSIVE chain AS (
          SELECT id AS start, manager_id AS current, 1 AS depth, ARRAY[id] AS seen FROM staff
          UNION ALL
          SELECT c.start, s.manager_id, c.depth + 1, c.seen || s.id
          FROM chain c JOIN staff s ON s.id = c.current
          WHERE NOT s.id = ANY (c.seen))
        SELECT
          (SELECT count(*) FROM staff s LEFT JOIN department d ON d.id = s.department_id WHERE d.id IS NULL)::int AS without_department,
          (SELECT count(*) - count(DISTINCT lower(email)) FROM staff)::int AS duplicate_emails,
          (SELECT count(*) FROM chain c WHERE c.current = ANY (c.seen))::int AS cycles,
          (SELECT max(depth) FROM chain)::int AS deepest`);
      expect(row).toMatchObject({ without_department: 0, duplicate_emails: 0, cycles: 0 });
      expect(row.deepest).toBeGreaterThanOrEqual(4);
      const [inactive] = await ds.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE deactivated_at IS NULL)::int AS missing_date FROM staff WHERE NOT active`,
      );
      expect(inactive.n).toBeGreaterThan(0);
      expect(inactive.missing_date).toBe(0);
    });

    it('creates each demo login with its grant and a password hash that verifies', async () => {
      const rows: { email: string; password_hash: string; grants: { role: string; code: string | null }[] }[] = await ds.query(
        `SELECT s.email, a.password_hash,
                coalesce(json_agg(json_build_object('role', g.role, 'code', d.code)) FILTER (WHERE g.id IS NOT NULL), '[]') AS grants
         FROM staff s JOIN account a ON a.staff_id = s.id
         LEFT JOIN role_grant g ON g.staff_id = s.id
         LEFT JOIN department d ON d.id = g.department_id
         GROUP BY s.email, a.password_hash`,
      );
      expect(rows.map((r) => r.email).sort()).toEqual(DEMO_LOGINS.map((l) => l.email).sort());
      for (const login of DEMO_LOGINS) {
        const row = rows.find((r) => r.email === login.email)!;
        expect(row.grants).toEqual(login.grant ? [{ role: login.grant.role, code: login.grant.departmentCode }] : []);
        expect(row.password_hash).toMatch(/^\$argon2id\$/);
        expect(await argon2.verify(row.password_hash, DEMO_PASSWORD)).toBe(true);
        expect(await argon2.verify(row.password_hash, 'not-the-demo-password')).toBe(false);
      }
    }, 30_000); // argon2 verifies each demo password: seconds when the machine is busy

    it('grants the lead login a department with divisions, and a few other departments their own equity leads', async () => {
      const [row] = await ds.query(`
        SELECT count(*)::int AS leads,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM department c WHERE c.parent_id = g.department_id))::int AS with_divisions
        FROM role_grant g WHERE g.role = 'equity_lead'`);
      expect(row.leads).toBeGreaterThanOrEqual(4);
      expect(row.with_divisions).toBe(row.leads);
    });

    it('records one audit event for the seeding', async () => {
      const events = await ds.query(`SELECT actor_id, action, subject_type, after FROM audit_event`);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor_id: null, action: 'demo.seeded', subject_type: 'system' });
      expect(events[0].after).toMatchObject({ staff: (await counts(ds)).staff, departments: 30 });
    });

    it('does nothing when called again', async () => {
      const before = await counts(ds);
      const again = await seedDemoCity(ds);
      expect(again).toEqual({ seeded: false, reason: expect.stringContaining('already has staff') });
      expect(await counts(ds)).toEqual(before);
    });
  });

  it('seeds nothing into a database that already has one staff member', async () => {
    const other = await createTestDatabase();
    const otherDs = createDataSource({ databaseUrl: other.url, applicationName: 'equip-test-demo' });
    await otherDs.initialize();
    try {
      await otherDs.query(`
        WITH d AS (
          INSERT INTO department (id, code, name, path)
          VALUES ('00000000-0000-4000-8000-000000000001', 'HQ', 'Headquarters', '/00000000-0000-4000-8000-000000000001/')
          RETURNING id)
        INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
        SELECT 'X1', 'someone@example.org', 'Some', 'One', id FROM d`);
      const before = await counts(otherDs);
      const result = await seedDemoCity(otherDs);
      expect(result.seeded).toBe(false);
      expect(await counts(otherDs)).toEqual(before);
    } finally {
      await otherDs.destroy();
      await other.drop();
    }
  });

  it('refuses a demo password the policy would refuse', async () => {
    await expect(seedDemoCity(ds, { password: 'short' })).rejects.toThrow(/at least 12 characters/);
  });
});
