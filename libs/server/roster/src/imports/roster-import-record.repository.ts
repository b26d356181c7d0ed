import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page, RosterImportRecord, RosterImportStatus } from '@equip/shared/contracts';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { normalEmail, STAFF_FIELDS } from '../roster.repository';

/** What is written about one real import (or undo), applied or refused: the record as listed, less what the database adds or works out. */
export type NewRosterImportRecord = Omit<RosterImportRecord, 'id' | 'at' | 'actor' | 'undoneBy' | 'undoable'> & { actorId: string | null };

/** One line of an import's change list, as the CSV shows it: a person, and a field that changed (or none). */
export interface RosterChangeLine {
  line: number;
  employeeId: string;
  name: string;
  change: 'added' | 'changed' | 'deactivated' | 'reactivated';
  field: string | null;
  before: string | null;
  after: string | null;
}

/** Why an import cannot be undone now; the service turns it into a 404 or 409. */
export type UndoBlock =
  | { kind: 'missing' }
  | { kind: 'refused' }
  | { kind: 'undone'; by: string }
  | { kind: 'later'; people: string[]; count: number }
  | { kind: 'edited'; people: string[]; count: number };

// The roster's fields of a staff row as stored in a change row; the same expression reads the
// state before, and the state now when an undo checks nobody has changed it since.
const STAFF_JSON = (alias: string) =>
  `jsonb_build_object(${[...STAFF_FIELDS, 'active'].map((f) => `'${f}', ${alias}.${f}`).join(', ')})`;

// A change row's fields in the roster's own column names, departments and managers by their codes.
const READABLE_FIELDS = `
  CASE k WHEN 'department_id' THEN 'department_code' WHEN 'manager_id' THEN 'manager_employee_id' ELSE k END`;
const readable = (side: string) => `
  CASE k WHEN 'department_id' THEN (SELECT code FROM department WHERE id = (c.${side}->>k)::uuid)
         WHEN 'manager_id' THEN (SELECT employee_id FROM staff WHERE id = (c.${side}->>k)::uuid)
         ELSE c.${side}->>k END`;

const RECORD_COLUMNS = `
  i.id, to_char(i.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
  CASE WHEN a.id IS NULL THEN NULL ELSE jsonb_build_object('id', a.id, 'name', a.first_name || ' ' || a.last_name) END AS actor,
  i.via, i.mode, i.file_name AS "fileName", i.file_sha256 AS sha256, i.status, i.rows, i.added, i.changed, i.deactivated,
  i.reactivated, i.unchanged, i.problems, i.confirmed, i.undoes,
  u.id AS "undoneBy", (i.status = 'applied' AND u.id IS NULL) AS undoable`;
const RECORD_FROM = `
  roster_import i
  LEFT JOIN staff a ON a.id = i.actor_id
  LEFT JOIN roster_import u ON u.undoes = i.id AND u.status = 'applied'`;

const CSV_BATCH = 2000;

/**
 * Import records: `roster_import` (one per real import or undo, applied or refused) and
 * `roster_import_change` (each person it changed, the roster's fields before and after). Writes run
 * on the import's QueryRunner, inside its transaction; reads on the pool.
 */
@Injectable()
export class RosterImportRecordRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(record: NewRosterImportRecord, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const r = record;
    const [{ id }] = await manager.query(
      `INSERT INTO roster_import (actor_id, via, mode, file_name, file_sha256, status, rows, added, changed, deactivated, reactivated, unchanged, problems, confirmed, undoes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [r.actorId, r.via, r.mode, r.fileName, r.sha256, r.status, r.rows, r.added, r.changed, r.deactivated, r.reactivated, r.unchanged, JSON.stringify(r.problems), r.confirmed, r.undoes],
    );
    return id;
  }

  /**
   * Records, before the plan is written, each person it will change: the roster's fields as they
   * are (`before`, none for someone added) and as they will be (`after`). One statement.
   */
  async recordChanges(runner: QueryRunner, importId: string): Promise<number> {
    const after = `jsonb_build_object(${[...STAFF_FIELDS, 'active'].map((f) => `'${f}', p.${f}`).join(', ')})`;
    const result = await runner.query(
      `INSERT INTO roster_import_change (import_id, staff_id, line, kind, before, after)
       SELECT $1::uuid, p.staff_id, p.line,
              CASE WHEN p.is_new THEN 'added' WHEN p.was_active AND NOT p.active THEN 'deactivated'
                   WHEN NOT p.was_active AND p.active THEN 'reactivated' ELSE 'changed' END,
              CASE WHEN p.is_new THEN NULL ELSE ${STAFF_JSON('s')} END,
              ${after}
         FROM roster_plan p
         LEFT JOIN staff s ON s.id = p.staff_id
        WHERE p.is_new OR p.fields_changed OR p.was_active IS DISTINCT FROM p.active
       UNION ALL
       SELECT $1::uuid, s.id, 0, 'deactivated', ${STAFF_JSON('s')}, ${STAFF_JSON('s')} || '{"active": false}'
         FROM roster_missing m JOIN staff s ON s.id = m.id`,
      [importId],
      true,
    );
    return result.affected ?? 0;
  }

  async list(page: number, pageSize: number): Promise<Page<RosterImportRecord>> {
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(`SELECT ${RECORD_COLUMNS} FROM ${RECORD_FROM} ORDER BY i.at DESC, i.id DESC LIMIT $1 OFFSET $2`, [pageSize, (page - 1) * pageSize]),
      this.dataSource.query(`SELECT count(*)::int AS total FROM roster_import`),
    ]);
    return { items, total, page, pageSize };
  }

  async find(id: string): Promise<RosterImportRecord | undefined> {
    const rows: RosterImportRecord[] = await this.dataSource.query(`SELECT ${RECORD_COLUMNS} FROM ${RECORD_FROM} WHERE i.id = $1`, [id]);
    return rows[0];
  }

  /**
   * The change list, person by person in the file's order (the missing last, by name), one line per
   * field that changed; someone added, deactivated or reactivated without other change is one line.
   * Read in batches of people, keyed on (line, employee id), so a 100,000-person import streams.
   */
  async *changeLines(importId: string): AsyncGenerator<RosterChangeLine[]> {
    let after: { line: number; employeeId: string } | null = null;
    for (;;) {
      const people: { staffId: string; line: number; employeeId: string }[] = await this.dataSource.query(
        `SELECT c.staff_id AS "staffId", c.line, s.employee_id AS "employeeId"
           FROM roster_import_change c JOIN staff s ON s.id = c.staff_id
          WHERE c.import_id = $1 AND ($2::int IS NULL OR (c.line, s.employee_id) > ($2::int, $3::text))
          ORDER BY c.line, s.employee_id
          LIMIT ${CSV_BATCH}`,
        [importId, after?.line ?? null, after?.employeeId ?? null],
      );
      if (people.length === 0) return;
      const lines: RosterChangeLine[] = await this.dataSource.query(
        `SELECT c.line, s.employee_id AS "employeeId", COALESCE(c.after->>'first_name', s.first_name) || ' ' || COALESCE(c.after->>'last_name', s.last_name) AS name,
                c.kind AS change, f.field, f.before, f.after
           FROM roster_import_change c
           JOIN staff s ON s.id = c.staff_id
           LEFT JOIN LATERAL (
             SELECT ${READABLE_FIELDS} AS field, ${readable('before')} AS before, ${readable('after')} AS after, n
               FROM jsonb_object_keys(c.after) WITH ORDINALITY AS keys(k, n)
              WHERE c.before IS NOT NULL AND k <> 'active'
                AND (CASE WHEN k = 'email' THEN ${normalEmail("c.before->>'email'")} IS DISTINCT FROM ${normalEmail("c.after->>'email'")}
                          ELSE c.before->k IS DISTINCT FROM c.after->k END)
           ) f ON true
          WHERE c.import_id = $1 AND c.staff_id = ANY ($2::uuid[])
          ORDER BY c.line, s.employee_id, f.n`,
        [importId, people.map((p) => p.staffId)],
      );
      yield lines;
      const last = people[people.length - 1];
      after = { line: last.line, employeeId: last.employeeId };
      if (people.length < CSV_BATCH) return;
    }
  }

  /**
   * Why `importId` cannot be undone now, or nothing: it must exist, be applied and not undone, no
   * later import that still stands may have changed any of its people (undo that one first), and
   * each of them must still be as it left them (a person edited since by other means would
   * silently lose that edit).
   */
  async undoBlock(runner: QueryRunner, importId: string): Promise<UndoBlock | undefined> {
    const [record]: { status: RosterImportStatus; undone_by: string | null }[] = await runner.query(
      `SELECT i.status, u.id AS undone_by
         FROM roster_import i LEFT JOIN roster_import u ON u.undoes = i.id AND u.status = 'applied'
        WHERE i.id = $1`,
      [importId],
    );
    if (!record) return { kind: 'missing' };
    if (record.status !== 'applied') return { kind: 'refused' };
    if (record.undone_by) return { kind: 'undone', by: record.undone_by };
    const later: { name: string; count: number }[] = await runner.query(
      `SELECT s.first_name || ' ' || s.last_name AS name, count(*) OVER ()::int AS count
         FROM roster_import_change c
         JOIN staff s ON s.id = c.staff_id
        WHERE c.import_id = $1
          AND EXISTS (SELECT 1 FROM roster_import_change lc
                        JOIN roster_import l ON l.id = lc.import_id AND l.status = 'applied'
                       WHERE lc.staff_id = c.staff_id AND lc.import_id <> c.import_id
                         AND l.at > (SELECT at FROM roster_import WHERE id = $1)
                         -- a later import since undone (and the undo itself) no longer stands in the way
                         AND l.mode <> 'undo'
                         AND NOT EXISTS (SELECT 1 FROM roster_import u WHERE u.undoes = l.id AND u.status = 'applied'))
        ORDER BY s.last_name, s.first_name, s.id
        LIMIT 5`,
      [importId],
    );
    if (later.length > 0) return { kind: 'later', people: later.map((l) => l.name), count: later[0].count };
    const edited: { name: string; count: number }[] = await runner.query(
      `SELECT s.first_name || ' ' || s.last_name AS name, count(*) OVER ()::int AS count
         FROM roster_import_change c JOIN staff s ON s.id = c.staff_id
        WHERE c.import_id = $1
          AND (${normalEmail('s.email')}, ${STAFF_JSON('s')} - 'email') IS DISTINCT FROM (${normalEmail("c.after->>'email'")}, c.after - 'email')
        ORDER BY s.last_name, s.first_name
        LIMIT 5`,
      [importId],
    );
    if (edited.length > 0) return { kind: 'edited', people: edited.map((e) => e.name), count: edited[0].count };
    return undefined;
  }

  /**
   * The plan that undoes `importId`, in the import's own temporary tables so the same diff, checks
   * and merge serve it: each person it changed goes back to the fields recorded before it; each
   * person it added is deactivated (never deleted: they may have started learning). Nobody is missing.
   */
  async createUndoPlan(runner: QueryRunner, importId: string): Promise<void> {
    const fields = STAFF_FIELDS.map((f) => `t.${f}`).join(', ');
    await runner.query(
      `CREATE TEMP TABLE roster_plan ON COMMIT DROP AS
       SELECT (row_number() OVER (ORDER BY c.line, s.employee_id))::int AS line, s.employee_id, s.id AS staff_id, false AS is_new,
              s.active AS was_active, ${fields}, d.code AS department_code, m.employee_id AS manager_employee_id, t.active,
              (${normalEmail('s.email')}, ${STAFF_FIELDS.slice(1).map((f) => `s.${f}`).join(', ')}) IS DISTINCT FROM
                (${normalEmail('t.email')}, ${STAFF_FIELDS.slice(1).map((f) => `t.${f}`).join(', ')}) AS fields_changed,
              (s.department_id, s.job_title, s.job_class, s.work_location) IS DISTINCT FROM
                (t.department_id, t.job_title, t.job_class, t.work_location) AS placement_changed
         FROM roster_import_change c
         JOIN staff s ON s.id = c.staff_id
         CROSS JOIN LATERAL jsonb_to_record(
           CASE WHEN c.before IS NULL THEN ${STAFF_JSON('s')} || '{"active": false}' ELSE c.before END
         ) AS t(email text, first_name text, last_name text, department_id uuid, job_title text, job_class text,
                work_location text, manager_id uuid, hire_date date, active boolean)
         JOIN department d ON d.id = t.department_id
         LEFT JOIN staff m ON m.id = t.manager_id
        WHERE c.import_id = $1`,
      [importId],
    );
  }
}
