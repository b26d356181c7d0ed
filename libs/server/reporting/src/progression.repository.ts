import { Injectable } from '@nestjs/common';
import type { IndicatorRecordView, ProgressionSnapshotView, ProgressionStage } from '@equip/shared/contracts';
import type { EntityManager } from 'typeorm';
import type { TrueIndicatorValue } from './progression-disclosure';

/** Counts per department (its own staff, not its subtree): the service adds subtrees up. */
export interface OwnCount {
  departmentId: string;
  n: number;
  of?: number;
}

const ints = (rows: { departmentId: string; n: string; of?: string }[]): OwnCount[] =>
  rows.map((r) => ({ departmentId: r.departmentId, n: Number(r.n), of: r.of === undefined ? undefined : Number(r.of) }));

const RECORD = `r.id, json_build_object('id', d.id, 'code', d.code, 'name', d.name) AS department, r.indicator, r.value,
  to_char(r.recorded_on, 'YYYY-MM-DD') AS "recordedOn", r.evidence_url AS "evidenceUrl", r.note,
  CASE WHEN b.id IS NULL THEN NULL ELSE json_build_object('id', b.id, 'firstName', b.first_name, 'lastName', b.last_name) END AS "recordedBy",
  r.recorded_at AS "recordedAt"`;

/** What the measured indicators count, the recorded indicators and the monthly snapshots. */
@Injectable()
export class ProgressionRepository {
  /** Active staff per department (rollup). */
  async activeStaff(m: EntityManager): Promise<OwnCount[]> {
    return ints(await m.query(`SELECT department_id AS "departmentId", sum(n) AS n FROM report_staff_live WHERE active GROUP BY 1 HAVING sum(n) <> 0`));
  }

  /** Active staff per department who completed the track (rollup). */
  async trackCompleted(m: EntityManager, trackId: string): Promise<OwnCount[]> {
    return ints(
      await m.query(
        `SELECT department_id AS "departmentId", sum(n) AS n FROM report_week_live
          WHERE kind = 'trained' AND by_department AND NOT by_job_class AND NOT by_location AND job_class = '' AND work_location = '' AND active AND subject_id = $1 GROUP BY 1 HAVING sum(n) <> 0`,
        [trackId],
      ),
    );
  }

  /** Active managers (anyone with an active direct report) per department: `of` = managers, `n` = those who completed the track. */
  async managersTrained(m: EntityManager, trackId: string): Promise<OwnCount[]> {
    return ints(
      await m.query(
        `SELECT s.department_id AS "departmentId", count(*) AS of,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM track_completion tc WHERE tc.staff_id = s.id AND tc.track_id = $1)) AS n
           FROM staff s WHERE s.active AND EXISTS (SELECT 1 FROM staff r WHERE r.manager_id = s.id AND r.active)
          GROUP BY 1`,
        [trackId],
      ),
    );
  }

  /**
   * Active staff per department who completed the course (any cycle, not exempt) within `months`
   * city months of the city day `day`: since the start of that day of the month `months` before, in
   * the city (Mar 31 less one month is Feb 28, as PostgreSQL counts months).
   */
  async completedCourseWithin(m: EntityManager, courseId: string, day: string, months: number): Promise<OwnCount[]> {
    return ints(
      await m.query(
        `SELECT s.department_id AS "departmentId", count(DISTINCT a.staff_id) AS n
           FROM assignment a JOIN staff s ON s.id = a.staff_id
          WHERE a.course_id = $1 AND a.completed_at >= city_midnight(($2::date - make_interval(months => $3::int))::date)
            AND a.exempted_at IS NULL AND s.active
          GROUP BY 1`,
        [courseId, day, months],
      ),
    );
  }

  /** Departments where an active equity lead granted there completed the track. */
  async trainedLeads(m: EntityManager, trackId: string): Promise<string[]> {
    const rows: { departmentId: string }[] = await m.query(
      `SELECT DISTINCT g.department_id AS "departmentId" FROM role_grant g JOIN staff s ON s.id = g.staff_id AND s.active
         JOIN track_completion tc ON tc.staff_id = g.staff_id AND tc.track_id = $1
        WHERE g.role = 'equity_lead'`,
      [trackId],
    );
    return rows.map((r) => r.departmentId);
  }

  async courseId(m: EntityManager, slug: string): Promise<string | undefined> {
    return ((await m.query(`SELECT id FROM course WHERE slug = $1`, [slug])) as { id: string }[])[0]?.id;
  }

  async trackId(m: EntityManager, slug: string): Promise<string | undefined> {
    return ((await m.query(`SELECT id FROM track WHERE slug = $1`, [slug])) as { id: string }[])[0]?.id;
  }

  /** The latest record per department and indicator as of the city day `day` (recorded on or before it). */
  async latestRecords(m: EntityManager, departmentIds: string[], day: string): Promise<(IndicatorRecordView & { departmentId: string })[]> {
    return m.query(
      `SELECT DISTINCT ON (r.department_id, r.indicator) r.department_id AS "departmentId", ${RECORD}
         FROM indicator_record r JOIN department d ON d.id = r.department_id LEFT JOIN staff b ON b.id = r.recorded_by
        WHERE r.department_id = ANY($1::uuid[]) AND r.recorded_on <= $2::date
        ORDER BY r.department_id, r.indicator, r.recorded_on DESC, r.recorded_at DESC`,
      [departmentIds, day],
    );
  }

  async records(m: EntityManager, departmentIds: string[]): Promise<IndicatorRecordView[]> {
    return m.query(
      `SELECT ${RECORD} FROM indicator_record r JOIN department d ON d.id = r.department_id LEFT JOIN staff b ON b.id = r.recorded_by
        WHERE r.department_id = ANY($1::uuid[]) ORDER BY d.code, r.indicator, r.recorded_on DESC, r.recorded_at DESC`,
      [departmentIds],
    );
  }

  async insertRecord(
    m: EntityManager,
    record: { departmentId: string; indicator: string; value: number | boolean; recordedOn: string; evidenceUrl: string; note: string | null; recordedBy: string },
  ): Promise<IndicatorRecordView> {
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO indicator_record (department_id, indicator, value, recorded_on, evidence_url, note, recorded_by)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7) RETURNING id`,
      [record.departmentId, record.indicator, JSON.stringify(record.value), record.recordedOn, record.evidenceUrl, record.note, record.recordedBy],
    );
    const [view]: IndicatorRecordView[] = await m.query(
      `SELECT ${RECORD} FROM indicator_record r JOIN department d ON d.id = r.department_id LEFT JOIN staff b ON b.id = r.recorded_by WHERE r.id = $1`,
      [id],
    );
    return view;
  }

  /** Takes (or retakes) a month's snapshot for each department in one statement. */
  async saveSnapshots(m: EntityManager, month: string, rows: { departmentId: string; stage: ProgressionStage | null; indicators: TrueIndicatorValue[] }[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result: unknown[] = await m.query(
      `INSERT INTO progression_snapshot (department_id, month, stage, indicators)
       SELECT x.department_id, $1::date, x.stage, x.indicators FROM jsonb_to_recordset($2::jsonb) AS x (department_id uuid, stage text, indicators jsonb)
       ON CONFLICT (department_id, month) DO UPDATE SET stage = excluded.stage, indicators = excluded.indicators, taken_at = now()
       RETURNING department_id`,
      [month, JSON.stringify(rows.map((r) => ({ department_id: r.departmentId, stage: r.stage, indicators: r.indicators })))],
    );
    return result.length;
  }

  /** Snapshots as stored: true values, with group sizes. */
  async history(m: EntityManager, departmentId: string): Promise<(ProgressionSnapshotView & { indicators: TrueIndicatorValue[] })[]> {
    return m.query(
      `SELECT to_char(month, 'YYYY-MM-DD') AS month, stage, indicators FROM progression_snapshot WHERE department_id = $1 ORDER BY month`,
      [departmentId],
    );
  }
}
