import { PASSWORD_PROBLEM_MESSAGES, checkPassword, cityDay } from '@equip/shared/domain';
import * as argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DEMO_LOGINS, DEMO_PASSWORD } from './demo-logins';
import { DEMO_SEED, DemoCityPlan, generateDemoCity } from './generate-city';
import { ProgrammeCounts, seedProgramme } from './seed-programme';

export interface SeedDemoOptions {
  /** The password of every demo login (default DEMO_PASSWORD); must pass the password policy. */
  password?: string;
  /** Another seed makes another city (default DEMO_SEED). */
  seed?: number;
  /** Hire dates and the whole programme are spread back (and forward) from this day (default: now). */
  today?: Date;
  /** The city's time zone (CITY_TIME_ZONE): which day `today` is, and where days end. */
  timeZone?: string;
}

/** The demo's time zone when the caller does not pass CITY_TIME_ZONE (its default). */
export const DEMO_TIME_ZONE = 'America/New_York';

export type SeedResult =
  | { seeded: true; departments: number; staff: number; logins: number; programme: ProgrammeCounts | null }
  | { seeded: false; reason: string };

/**
 * Fills an empty database with the demo city: departments and divisions, a few hundred staff, one
 * sign-in per role and a few more equity leads, and — when the catalog is already published, as
 * `npm start` does before seeding — its living programme (seed-programme.ts). A database that
 * already holds staff or departments is left alone, so running it on every start is safe. One
 * transaction; a handful of set-based statements, never a query per person.
 */
export async function seedDemoCity(dataSource: DataSource, options: SeedDemoOptions = {}): Promise<SeedResult> {
  const password = options.password ?? DEMO_PASSWORD;
  const problem = checkPassword(password);
  if (problem) throw new Error(`The demo password ${PASSWORD_PROBLEM_MESSAGES[problem]}.`);
  const seed = options.seed ?? DEMO_SEED;
  const today = options.today ?? new Date();
  const timeZone = options.timeZone ?? DEMO_TIME_ZONE;
  const plan = generateDemoCity({ seed, today });

  return dataSource.transaction(async (manager) => {
    // Two seeders started together (two one-shot containers, say) must not both see an empty database.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('equip.seed-demo'))`);
    const [state] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM staff) AS has_staff, EXISTS (SELECT 1 FROM department) AS has_departments`,
    );
    if (state.has_staff) {
      return { seeded: false, reason: 'the database already has staff; the demo city is only seeded into an empty database' };
    }
    if (state.has_departments) {
      return { seeded: false, reason: 'the database already has departments; the demo city is only seeded into an empty database' };
    }

    // Every login shares the password, so one hash (argon2 is the slow part) serves them all.
    const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
    const staffIds = await insertCity(manager, plan, passwordHash);
    const programme = await seedProgramme(manager, { day: cityDay(today, timeZone), timeZone, seed });
    await manager.query(
      `INSERT INTO audit_event (actor_id, action, subject_type, after) VALUES (NULL, 'demo.seeded', 'system', $1::jsonb)`,
      [JSON.stringify({ ...summary(plan, seed, staffIds.size), programme })],
    );
    return { seeded: true, departments: plan.departments.length, staff: plan.staff.length, logins: plan.logins.length, programme };
  });
}

async function insertCity(manager: EntityManager, plan: DemoCityPlan, passwordHash: string): Promise<Map<string, string>> {
  const departmentIds = new Map<string, string>();
  const paths = new Map<string, string>();
  for (const d of plan.departments) {
    const id = randomUUID();
    departmentIds.set(d.code, id);
    paths.set(d.code, `${d.parentCode ? lookup(paths, d.parentCode) : '/'}${id}/`);
  }
  // Arrays through unnest: one statement and a fixed number of bind parameters however big the city.
  await manager.query(
    `INSERT INTO department (id, code, name, kind, parent_id, path)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[])`,
    [
      plan.departments.map((d) => lookup(departmentIds, d.code)),
      plan.departments.map((d) => d.code),
      plan.departments.map((d) => d.name),
      plan.departments.map((d) => d.kind),
      plan.departments.map((d) => (d.parentCode ? lookup(departmentIds, d.parentCode) : null)),
      plan.departments.map((d) => lookup(paths, d.code)),
    ],
  );

  const staffIds = new Map(plan.staff.map((s) => [s.employeeId, randomUUID()]));
  const s = plan.staff;
  await manager.query(
    `INSERT INTO staff (id, employee_id, email, first_name, last_name, department_id, job_title, job_class,
                        work_location, manager_id, hire_date, active, deactivated_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[],
                          $8::text[], $9::text[], $10::uuid[], $11::date[], $12::boolean[], $13::timestamptz[])`,
    [
      s.map((p) => lookup(staffIds, p.employeeId)),
      s.map((p) => p.employeeId),
      s.map((p) => p.email),
      s.map((p) => p.firstName),
      s.map((p) => p.lastName),
      s.map((p) => lookup(departmentIds, p.departmentCode)),
      s.map((p) => p.jobTitle),
      s.map((p) => p.jobClass),
      s.map((p) => p.workLocation),
      s.map((p) => (p.managerEmployeeId ? lookup(staffIds, p.managerEmployeeId) : null)),
      s.map((p) => p.hireDate),
      s.map((p) => p.active),
      s.map((p) => p.deactivatedAt),
    ],
  );

  await manager.query(
    `INSERT INTO account (staff_id, password_hash) SELECT id, $2 FROM unnest($1::uuid[]) AS id`,
    [plan.logins.map((l) => lookup(staffIds, l.employeeId)), passwordHash],
  );
  await manager.query(
    `INSERT INTO role_grant (staff_id, role, department_id) SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[])`,
    [
      plan.grants.map((g) => lookup(staffIds, g.employeeId)),
      plan.grants.map((g) => g.role),
      plan.grants.map((g) => (g.departmentCode ? lookup(departmentIds, g.departmentCode) : null)),
    ],
  );
  return staffIds;
}

function summary(plan: DemoCityPlan, seed: number, staffCount: number) {
  const kinds = (kind: string) => plan.departments.filter((d) => d.kind === kind).length;
  return {
    seed,
    departments: kinds('department'),
    divisions: kinds('division'),
    sections: kinds('section'),
    staff: staffCount,
    inactiveStaff: plan.staff.filter((p) => !p.active).length,
    logins: DEMO_LOGINS.map((l) => ({ email: l.email, role: l.role })),
    equityLeads: plan.grants.filter((g) => g.role === 'equity_lead').length,
  };
}

function lookup(map: Map<string, string>, key: string): string {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Demo city plan refers to unknown ${key}`);
  return value;
}
