import { Injectable } from '@nestjs/common';
import type { GrantedRole, RosterChange, RosterDepartmentLosingLead, RosterImportMode, RosterLeavingRoleHolder, RosterProblem } from '@equip/shared/contracts';
import { ROSTER_COLUMNS } from '@equip/shared/contracts';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { QueryRunner } from 'typeorm';
import { STAGING_COLUMNS } from './file/copy-text';

export interface PersonRef {
  employeeId: string;
  name: string;
}

/** What the import would do, read from the plan before anything is written. */
export interface RosterDiff {
  added: PersonRef[];
  changed: RosterChange[];
  deactivated: PersonRef[];
  reactivated: PersonRef[];
  unchanged: number;
  /** Rows the merge must write: added, changed, or whose status changes. */
  toWrite: number;
  /** Staff missing from the roster who are active now. */
  missing: number;
  /** Rows of the file in the plan: all of them, unless a department vanished since the file was checked. */
  planned: number;
}

/** Someone the plan deactivates, with the line of the file that does it (0: missing from a full roster). */
export interface LeavingPerson {
  staffId: string;
  employeeId: string;
  name: string;
  line: number;
}

/** A RASE administrator active now or after the import, and whether they still are after it. */
export interface AdministratorAfter {
  staffId: string;
  employeeId: string;
  name: string;
  line: number;
  activeNow: boolean;
  activeAfter: boolean;
}

// The fields the roster owns, in staff's column names (manager and department by id).
export const STAFF_FIELDS = ['email', 'first_name', 'last_name', 'department_id', 'job_title', 'job_class', 'work_location', 'manager_id', 'hire_date'];
export const row = (alias: string, fields: string[]) => `(${fields.map((f) => `${alias}.${f}`).join(', ')})`;

/**
 * An email as Equip compares and stores it: without surrounding spaces, lower-cased. The unique
 * index on `lower(email)` agrees; an address that differs only in case is the same address.
 */
export const normalEmail = (expression: string) => `lower(btrim(${expression}))`;

/** The people the plan deactivates: rows listed as inactive, and (for a full roster) whoever is missing. */
const LEAVING = `
  SELECT staff_id AS id, employee_id, first_name || ' ' || last_name AS name, line
    FROM roster_plan WHERE NOT is_new AND was_active AND NOT active
  UNION ALL
  SELECT id, employee_id, name, 0 FROM roster_missing`;

/**
 * The roster's SQL. Everything runs on the caller's QueryRunner inside its transaction, on
 * temporary tables that vanish at commit or rollback: `roster_staging` (the file as COPYed),
 * `roster_plan` (each row resolved to a staff id, department id and manager id, with what changes)
 * and `roster_missing` (active staff the file leaves out). Every statement is set-based; none runs per row.
 */
@Injectable()
export class RosterRepository {
  /** One import at a time, across every api replica and the cli; held until the transaction ends. */
  async tryLock(runner: QueryRunner): Promise<boolean> {
    const [{ locked }] = await runner.query(`SELECT pg_try_advisory_xact_lock(hashtext('equip.roster-import')) AS locked`);
    return locked;
  }

  async departmentCodes(runner: QueryRunner): Promise<Set<string>> {
    const rows: { code: string }[] = await runner.query(`SELECT code FROM department`);
    return new Set(rows.map((r) => r.code));
  }

  async createStaging(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TEMP TABLE roster_staging (
        line                integer NOT NULL,
        employee_id         text,
        first_name          text,
        last_name           text,
        email               text,
        department_code     text,
        job_title           text,
        job_class           text,
        work_location       text,
        manager_employee_id text,
        hire_date           date,
        status              text,
        -- the id a new person will get, drawn as the row arrives, so managers can link to it
        new_id              uuid NOT NULL DEFAULT gen_random_uuid()
      ) ON COMMIT DROP`);
  }

  /** Bulk statements sort and hash 100,000-row tables; give them memory for it, for this transaction only. */
  async allowLargeSorts(runner: QueryRunner): Promise<void> {
    await runner.query(`SET LOCAL work_mem = '64MB'`);
  }

  /** COPYs rows (already in COPY text format) into the staging table as they are produced. */
  async copyIntoStaging(runner: QueryRunner, text: AsyncIterable<string>): Promise<void> {
    const client = (await runner.connect()) as PoolClient;
    const copy = client.query(copyFrom(`COPY roster_staging (${STAGING_COLUMNS.join(', ')}) FROM STDIN`));
    await pipeline(Readable.from(text, { objectMode: false }), copy);
    // The planner knows nothing about a temporary table until it is analysed; the join keys are enough.
    await runner.query(`ANALYZE roster_staging (employee_id, email, department_code, manager_employee_id)`);
  }

  /**
   * Addresses in the file that belong to someone who is not in it. That person would be deactivated
   * but keeps their address (history stays attached to it), so the file cannot give it to another.
   */
  async emailsHeldOutsideRoster(runner: QueryRunner, mode: RosterImportMode): Promise<RosterProblem[]> {
    const rows: { line: number; email: string; holder: string; name: string; active: boolean }[] = await runner.query(`
      SELECT r.line, r.email, s.employee_id AS holder, s.first_name || ' ' || s.last_name AS name, s.active
        FROM roster_staging r
        JOIN staff s ON lower(s.email) = ${normalEmail('r.email')}
       WHERE s.employee_id IS DISTINCT FROM r.employee_id
         AND NOT EXISTS (SELECT 1 FROM roster_staging o WHERE o.employee_id = s.employee_id)
       ORDER BY r.line`);
    return rows.map((r) => ({
      line: r.line,
      column: 'email',
      message:
        `${r.email} belongs to ${r.name} (employee ${r.holder}), who is not in this ${mode === 'full' ? 'roster' : 'file'}` +
        `${!r.active ? ' and is inactive' : mode === 'full' ? ' and would be deactivated' : ''}; they keep their address, so it cannot go to someone else.`,
    }));
  }

  /**
   * Resolves every row to a staff id (an existing person's, or the new id drawn at COPY, so managers
   * link in the same merge), its department id and its manager's id, and says what changes.
   */
  async createPlan(runner: QueryRunner, mode: RosterImportMode): Promise<void> {
    // A manager outside a changes-only file is someone already in Equip.
    const managers =
      mode === 'full'
        ? `SELECT mr.employee_id, COALESCE(ms.id, mr.new_id) AS manager_id
             FROM roster_staging mr LEFT JOIN staff ms ON ms.employee_id = mr.employee_id`
        : `SELECT mr.employee_id, COALESCE(ms.id, mr.new_id) AS manager_id
             FROM roster_staging mr LEFT JOIN staff ms ON ms.employee_id = mr.employee_id
           UNION ALL
           SELECT ms.employee_id, ms.id FROM staff ms
            WHERE ms.employee_id IN (SELECT manager_employee_id FROM roster_staging)
              AND NOT EXISTS (SELECT 1 FROM roster_staging o WHERE o.employee_id = ms.employee_id)`;
    await runner.query(`
      CREATE TEMP TABLE roster_plan ON COMMIT DROP AS
      SELECT r.line, r.employee_id, COALESCE(s.id, r.new_id) AS staff_id, s.id IS NULL AS is_new, s.active AS was_active,
             ${normalEmail('r.email')} AS email, r.first_name, r.last_name, d.id AS department_id, r.department_code,
             r.job_title, r.job_class, r.work_location, m.manager_id, r.manager_employee_id,
             r.hire_date, r.status = 'active' AS active,
             s.id IS NOT NULL AND (${normalEmail('s.email')}, ${STAFF_FIELDS.slice(1).map((f) => `s.${f}`).join(', ')}) IS DISTINCT FROM
               (${normalEmail('r.email')}, r.first_name, r.last_name, d.id, r.job_title, r.job_class, r.work_location, m.manager_id, r.hire_date)
               AS fields_changed,
             s.id IS NOT NULL AND (s.department_id, s.job_title, s.job_class, s.work_location) IS DISTINCT FROM
               (d.id, r.job_title, r.job_class, r.work_location) AS placement_changed
        FROM roster_staging r
        JOIN department d ON d.code = r.department_code
        LEFT JOIN staff s ON s.employee_id = r.employee_id
        LEFT JOIN (${managers}) m
               ON m.employee_id = r.manager_employee_id`);
    // Active staff no plan row has the id of: a full roster leaves them out, so they are deactivated.
    // A changes-only file leaves everyone else alone. (By id: uuids join faster than employee ids
    // under the database collation.)
    await this.createMissing(runner, mode === 'full');
  }

  /** `roster_missing`: the active staff a full roster leaves out (`missingAreDeactivated`), or nobody. */
  async createMissing(runner: QueryRunner, missingAreDeactivated: boolean): Promise<void> {
    await runner.query(`
      CREATE TEMP TABLE roster_missing ON COMMIT DROP AS
      SELECT s.id, s.employee_id, s.first_name || ' ' || s.last_name AS name, s.last_name, s.first_name
        FROM staff s
       WHERE ${missingAreDeactivated} AND s.active AND NOT EXISTS (SELECT 1 FROM roster_plan p WHERE p.staff_id = s.id)`);
  }

  /** Employee ids already in Equip, the managers a changes-only file may name without a row for them. */
  async employeeIds(runner: QueryRunner): Promise<Set<string>> {
    const rows: { employee_id: string }[] = await runner.query(`SELECT employee_id FROM staff`);
    return new Set(rows.map((r) => r.employee_id));
  }

  /**
   * A changes-only file names managers outside it, so the reader cannot see a whole chain: walk each
   * row's chain after the import, through people the file does not list, and report a row that
   * comes back to itself (on its line, naming the chain). A full roster's loops are the reader's.
   */
  async managerLoopsThroughStaff(runner: QueryRunner): Promise<RosterProblem[]> {
    const rows: { line: number; chain: string[] }[] = await runner.query(`
      WITH RECURSIVE after AS (
        SELECT staff_id AS id, manager_id FROM roster_plan
        UNION ALL
        SELECT s.id, s.manager_id FROM staff s WHERE NOT EXISTS (SELECT 1 FROM roster_plan p WHERE p.staff_id = s.id)
      ), walk AS (
        SELECT p.line, p.staff_id AS start, p.manager_id AS at, ARRAY[p.staff_id] AS path
          FROM roster_plan p WHERE p.manager_id IS NOT NULL
        UNION ALL
        SELECT w.line, w.start, a.manager_id, w.path || w.at
          FROM walk w JOIN after a ON a.id = w.at
         WHERE w.at <> w.start AND a.manager_id IS NOT NULL AND NOT w.at = ANY (w.path[2:]) AND cardinality(w.path) < 200
      )
      SELECT w.line,
             array(SELECT COALESCE(p.employee_id, s.employee_id)
                     FROM unnest(w.path) WITH ORDINALITY u(id, n)
                     LEFT JOIN roster_plan p ON p.staff_id = u.id LEFT JOIN staff s ON s.id = u.id
                    ORDER BY n) AS chain
        FROM walk w WHERE w.at = w.start ORDER BY w.line`);
    return rows.map((r) => ({
      line: r.line,
      column: 'manager_employee_id',
      message: `the manager chain is a loop once this file is imported: ${[...r.chain, r.chain[0]].join(' → ')}. Someone in it must report outside it.`,
    }));
  }

  /** How many staff are active now: the base of the share of staff an import may deactivate unconfirmed. */
  async activeStaff(runner: QueryRunner): Promise<number> {
    const [{ count }] = await runner.query(`SELECT count(*)::int AS count FROM staff WHERE active`);
    return count;
  }

  /** Whom the plan deactivates, in the order a person reads them: the file's lines, then the missing by name. */
  async leaving(runner: QueryRunner, staffId: string): Promise<LeavingPerson | undefined> {
    const rows: LeavingPerson[] = await runner.query(
      `SELECT id AS "staffId", employee_id AS "employeeId", name, line FROM (${LEAVING}) l WHERE id = $1`,
      [staffId],
    );
    return rows[0];
  }

  /** Every RASE administrator active now or after the plan, and whether they are active after it. */
  async administratorsAfter(runner: QueryRunner): Promise<AdministratorAfter[]> {
    return runner.query(`
      SELECT s.id AS "staffId", s.employee_id AS "employeeId", s.first_name || ' ' || s.last_name AS name, COALESCE(p.line, 0) AS line,
             s.active AS "activeNow",
             COALESCE(p.active, s.active) AND NOT EXISTS (SELECT 1 FROM roster_missing m WHERE m.id = s.id) AS "activeAfter"
        FROM role_grant g
        JOIN staff s ON s.id = g.staff_id
        LEFT JOIN roster_plan p ON p.staff_id = s.id
       WHERE g.role = 'rase_admin' AND (s.active OR p.active)
       ORDER BY s.last_name, s.first_name, s.employee_id`);
  }

  /** The people the plan deactivates who hold a role, each with every role they hold. */
  async leavingRoleHolders(runner: QueryRunner): Promise<RosterLeavingRoleHolder[]> {
    const rows: { staffId: string; employeeId: string; name: string; roles: GrantedRole[] }[] = await runner.query(`
      SELECT l.id AS "staffId", l.employee_id AS "employeeId", l.name, array_agg(DISTINCT g.role ORDER BY g.role) AS roles
        FROM (${LEAVING}) l
        JOIN role_grant g ON g.staff_id = l.id
       GROUP BY l.id, l.employee_id, l.name
       ORDER BY l.name, l.employee_id`);
    return rows;
  }

  /**
   * Departments with an active equity lead now and none after the plan: every active lead leaves
   * and nobody the plan reactivates leads there.
   */
  async departmentsLosingOnlyLead(runner: QueryRunner): Promise<RosterDepartmentLosingLead[]> {
    return runner.query(`
      SELECT d.id AS "departmentId", d.code, d.name,
             jsonb_agg(jsonb_build_object('staffId', s.id, 'name', s.first_name || ' ' || s.last_name) ORDER BY s.last_name, s.first_name) AS leads
        FROM role_grant g
        JOIN staff s ON s.id = g.staff_id AND s.active
        JOIN department d ON d.id = g.department_id
       WHERE g.role = 'equity_lead'
       GROUP BY d.id, d.code, d.name
      HAVING bool_and(s.id IN (SELECT id FROM (${LEAVING}) l))
         AND NOT EXISTS (SELECT 1 FROM role_grant r JOIN roster_plan p ON p.staff_id = r.staff_id
                          WHERE r.role = 'equity_lead' AND r.department_id = d.id AND p.active AND p.was_active = false)
       ORDER BY d.name`);
  }

  /** Ids of the active people the plan adds (new ids are assigned while staging). */
  async addedActiveStaff(runner: QueryRunner): Promise<string[]> {
    const rows: { id: string }[] = await runner.query(`SELECT staff_id AS id FROM roster_plan WHERE is_new AND active ORDER BY line`);
    return rows.map((r) => r.id);
  }

  async diff(runner: QueryRunner): Promise<RosterDiff> {
    const people = (where: string): Promise<PersonRef[]> =>
      runner.query(
        `SELECT employee_id AS "employeeId", first_name || ' ' || last_name AS name FROM roster_plan WHERE ${where} ORDER BY line`,
      );
    const added = await people('is_new');
    const reactivated = await people('NOT is_new AND NOT was_active AND active');
    const deactivatedInFile = await people('NOT is_new AND was_active AND NOT active');
    const missing: PersonRef[] = await runner.query(
      `SELECT employee_id AS "employeeId", name FROM roster_missing ORDER BY last_name, first_name, employee_id`,
    );
    const before = (field: string, old: string, now: string) =>
      `'${field}', CASE WHEN ${old} IS DISTINCT FROM ${now} THEN jsonb_build_array(${old}, ${now}) END`;
    const changed: { employeeId: string; name: string; fields: Record<string, [string | null, string | null]> }[] = await runner.query(`
      SELECT p.employee_id AS "employeeId", p.first_name || ' ' || p.last_name AS name,
             jsonb_strip_nulls(jsonb_build_object(
               ${before('first_name', 's.first_name', 'p.first_name')},
               ${before('last_name', 's.last_name', 'p.last_name')},
               'email', CASE WHEN ${normalEmail('s.email')} IS DISTINCT FROM p.email THEN jsonb_build_array(s.email, p.email) END,
               'department_code', CASE WHEN s.department_id IS DISTINCT FROM p.department_id
                                       THEN jsonb_build_array(od.code, p.department_code) END,
               ${before('job_title', 's.job_title', 'p.job_title')},
               ${before('job_class', 's.job_class', 'p.job_class')},
               ${before('work_location', 's.work_location', 'p.work_location')},
               'manager_employee_id', CASE WHEN s.manager_id IS DISTINCT FROM p.manager_id
                                           THEN jsonb_build_array(om.employee_id, p.manager_employee_id) END,
               ${before('hire_date', "to_char(s.hire_date, 'YYYY-MM-DD')", "to_char(p.hire_date, 'YYYY-MM-DD')")}
             )) AS fields
        FROM roster_plan p
        JOIN staff s ON s.id = p.staff_id
        JOIN department od ON od.id = s.department_id
        LEFT JOIN staff om ON om.id = s.manager_id
       WHERE p.fields_changed
       ORDER BY p.line`);
    const [counts] = await runner.query(`
      SELECT count(*) FILTER (WHERE NOT is_new AND NOT fields_changed AND was_active = active)::int AS unchanged,
             count(*) FILTER (WHERE is_new OR fields_changed OR was_active IS DISTINCT FROM active)::int AS "toWrite",
             count(*)::int AS planned
        FROM roster_plan`);
    return {
      added,
      changed: changed.map((c) => ({ ...c, fields: inColumnOrder(c.fields) })),
      deactivated: [...deactivatedInFile, ...missing],
      reactivated,
      unchanged: counts.unchanged,
      toWrite: counts.toWrite,
      missing: missing.length,
      planned: counts.planned,
    };
  }

  /** Staff a rule cohort may gain or lose: new, moved, re-classed, (de)activated or missing. */
  async staffWithNewPlacement(runner: QueryRunner): Promise<string[]> {
    const rows: { id: string }[] = await runner.query(`
      SELECT staff_id AS id FROM roster_plan WHERE is_new OR placement_changed OR was_active IS DISTINCT FROM active
      UNION ALL
      SELECT id FROM roster_missing`);
    return rows.map((r) => r.id);
  }

  /**
   * Writes the plan: one merge for every new or changed row (managers included, since every row
   * already has its id), then one update that deactivates whoever is missing. Returns the rows each wrote.
   */
  async apply(runner: QueryRunner): Promise<{ written: number; deactivated: number }> {
    // An address can move from one person to another in the same file (or two can swap); the unique
    // index on lower(email) is checked row by row, so first park the addresses that are moving.
    // Only a new or changed row can want an address someone else holds now.
    await runner.query(`
      UPDATE staff s SET email = s.id::text
        FROM roster_plan p
       WHERE (p.is_new OR p.fields_changed) AND lower(s.email) = lower(p.email) AND s.id <> p.staff_id`);
    const targets = [...STAFF_FIELDS, 'active'];
    const merged = await runner.query(
      `INSERT INTO staff AS s (id, employee_id, ${targets.join(', ')}, deactivated_at)
       SELECT staff_id, employee_id, ${targets.join(', ')}, CASE WHEN active THEN NULL ELSE now() END
         FROM roster_plan
        WHERE is_new OR fields_changed OR was_active IS DISTINCT FROM active
       ON CONFLICT (employee_id) DO UPDATE SET
         ${targets.map((f) => `${f} = EXCLUDED.${f}`).join(', ')},
         deactivated_at = CASE WHEN EXCLUDED.active THEN NULL WHEN s.active THEN now() ELSE s.deactivated_at END,
         updated_at = now()
       WHERE ${row('s', targets)} IS DISTINCT FROM ${row('EXCLUDED', targets)}`,
      [],
      true,
    );
    const deactivated = await runner.query(
      `UPDATE staff s SET active = false, deactivated_at = now(), updated_at = now()
         FROM roster_missing m
        WHERE s.id = m.id AND s.active`,
      [],
      true,
    );
    const written = merged.affected ?? 0;
    const gone = deactivated.affected ?? 0;
    // After a large change (a first import) the next import's plans need to know how big staff is now.
    if (written + gone >= 10_000) await runner.query(`ANALYZE staff`);
    return { written, deactivated: gone };
  }
}

function inColumnOrder(fields: Record<string, [string | null, string | null]>): Record<string, [string | null, string | null]> {
  const ordered: Record<string, [string | null, string | null]> = {};
  for (const column of ROSTER_COLUMNS) if (fields[column]) ordered[column] = fields[column];
  return ordered;
}
