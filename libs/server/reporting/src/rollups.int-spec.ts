import { createDataSource, syncCityTimeZone } from '@equip/server/database';
import { createTestDatabase, TestDatabase } from '@equip/server/testing';
import { DataSource } from 'typeorm';
import { foldRollups } from './jobs/rollup-fold';

/**
 * The rollup triggers (migrations CreateReporting, ReportingGrains, ReportingCityAndDays, RollupDeltas) against PostgreSQL: after every kind of write
 * the app and a roster import make, the incrementally kept rollups equal a rebuild from the base
 * tables, row for row — read through `<table>_live` with the deltas still pending, and again after
 * `report_fold()` has moved them into the rollup rows.
 */
describe('reporting rollups', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const id: Record<string, string> = {};
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => ds.query(sql, params);

  const TABLES = {
    report_status: 'by_job_class, by_location, department_id, job_class, work_location, active, subject_id, state',
    report_tenure: 'department_id, active, hire_year, subject_id, state',
    report_week: 'kind, by_department, by_job_class, by_location, week, department_id, job_class, work_location, active, subject_id',
    report_staff: 'department_id, job_class, work_location, active',
    report_competency: 'department_id, job_class, work_location, active, competency_id, level_rank',
  };
  const snapshot = async (): Promise<Record<string, unknown[]>> => {
    const out: Record<string, unknown[]> = {};
    for (const [table, key] of Object.entries(TABLES)) {
      out[table] = await q(`SELECT ${key}, n::int FROM ${table} WHERE n <> 0 ORDER BY ${key}`);
    }
    return out;
  };
  /** What a reader sees: the rollup rows and the pending deltas, summed per key. */
  const liveSnapshot = async (): Promise<Record<string, unknown[]>> => {
    const out: Record<string, unknown[]> = {};
    for (const [table, key] of Object.entries(TABLES)) {
      out[table] = await q(`SELECT ${key}, sum(n)::int AS n FROM ${table}_live GROUP BY ${key} HAVING sum(n) <> 0 ORDER BY ${key}`);
    }
    return out;
  };
  const pendingDeltas = async () => {
    const [row] = await q<{ n: number }>(`SELECT ${Object.keys(TABLES).map((t) => `(SELECT count(*) FROM ${t}_delta)`).join(' + ')} AS n`);
    return Number(row.n);
  };
  /**
   * Each coarser grain of report_status / report_week holds exactly the finest grain summed without
   * the attributes it leaves out; report_week's whole-city rows, every department's summed; its
   * 'due_day' rows, summed by week, its 'due' rows.
   */
  const expectGrainsAgree = async () => {
    const finest = { report_status: 'TRUE', report_week: 'by_department' };
    for (const [table, key] of [['report_status', 'department_id, active, subject_id, state'], ['report_week', 'kind, week, department_id, active, subject_id']] as const) {
      for (const [byJobClass, byLocation] of [[true, false], [false, true], [false, false]]) {
        const grain = `${key}${byJobClass ? ', job_class' : ''}${byLocation ? ', work_location' : ''}`;
        const coarse = await q(`SELECT ${grain}, n::int FROM ${table} WHERE ${finest[table]} AND by_job_class = $1 AND by_location = $2 AND n <> 0 ORDER BY ${grain}`, [byJobClass, byLocation]);
        const summed = await q(`SELECT ${grain}, sum(n)::int AS n FROM ${table} WHERE ${finest[table]} AND by_job_class AND by_location GROUP BY ${grain} HAVING sum(n) <> 0 ORDER BY ${grain}`);
        expect({ table, byJobClass, byLocation, rows: coarse }).toEqual({ table, byJobClass, byLocation, rows: summed });
      }
    }
    const cityKey = 'kind, week, by_job_class, by_location, job_class, work_location, active, subject_id';
    const city = await q(`SELECT ${cityKey}, n::int FROM report_week WHERE NOT by_department AND n <> 0 ORDER BY ${cityKey}`);
    const departments = await q(`SELECT ${cityKey}, sum(n)::int AS n FROM report_week WHERE by_department GROUP BY ${cityKey} HAVING sum(n) <> 0 ORDER BY ${cityKey}`);
    expect({ city }).toEqual({ city: departments });
    const weekKey = 'by_department, by_job_class, by_location, department_id, job_class, work_location, active, subject_id';
    const byDay = await q(`SELECT date_trunc('week', week)::date AS week, ${weekKey}, sum(n)::int AS n FROM report_week WHERE kind = 'due_day' GROUP BY 1, ${weekKey} HAVING sum(n) <> 0 ORDER BY 1, ${weekKey}`);
    const byWeek = await q(`SELECT week, ${weekKey}, n::int FROM report_week WHERE kind = 'due' AND n <> 0 ORDER BY 1, ${weekKey}`);
    expect({ byDay }).toEqual({ byDay: byWeek });
  };
  /**
   * What readers see with the deltas pending, then the rollup rows once `report_fold()` has moved
   * them in, must both be identical to a rebuild from scratch (rolled back); the grains agree.
   */
  const expectRollupsMatchRebuild = async () => {
    const runner = ds.createQueryRunner();
    const rebuilt: Record<string, unknown[]> = {};
    await runner.startTransaction();
    try {
      await runner.query(`SELECT report_rebuild()`);
      for (const [table, key] of Object.entries(TABLES)) rebuilt[table] = await runner.query(`SELECT ${key}, n::int FROM ${table} WHERE n <> 0 ORDER BY ${key}`);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await liveSnapshot()).toEqual(rebuilt);
    const pending = await pendingDeltas();
    // The worker's call: every committed delta moved, and it says how many.
    expect(await foldRollups(ds)).toBe(pending);
    expect(await pendingDeltas()).toBe(0);
    await expectGrainsAgree();
    const kept = await snapshot();
    expect(kept).toEqual(rebuilt);
    return kept;
  };
  const status = (subject: string) =>
    q<{ state: string; n: number }>(`SELECT state, sum(n)::int AS n FROM report_status_live WHERE NOT by_job_class AND NOT by_location AND subject_id = $1 GROUP BY state ORDER BY state`, [subject]);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ databaseUrl: db.url }).initialize();
    for (const code of ['CITY', 'TES', 'APD']) {
      const [row] = await q<{ id: string }>(`INSERT INTO department (code, name, parent_id, path) VALUES ($1, $1, $2, '') RETURNING id`, [code, code === 'CITY' ? null : id.CITY]);
      id[code] = row.id;
      await q(`UPDATE department SET path = COALESCE((SELECT path FROM department WHERE id = $2), '/') || $1 || '/' WHERE id = $1`, [row.id, code === 'CITY' ? null : id.CITY]);
    }
    // Thirty people in one set-based insert, as a roster import does.
    await q(`INSERT INTO staff (employee_id, email, first_name, last_name, department_id, job_class, work_location, hire_date)
             SELECT 'E' || g, 'e' || g || '@x.org', 'P' || g, 'Test', CASE WHEN g <= 20 THEN $1::uuid ELSE $2::uuid END,
                    CASE WHEN g % 3 = 0 THEN 'Clerk' WHEN g % 3 = 1 THEN 'Engineer' END, CASE WHEN g % 2 = 0 THEN 'City Hall' END, date '2010-01-01' + g * 200
               FROM generate_series(1, 30) g`, [id.TES, id.APD]);
    const [course] = await q<{ id: string }>(`INSERT INTO course (slug) VALUES ('basics') RETURNING id`);
    const [track] = await q<{ id: string }>(
      `INSERT INTO track (slug, title, summary, audience, steps, content_hash) VALUES ('path', 'Path', 'S', 'all-staff', '[]', repeat('a', 64)) RETURNING id`,
    );
    const [competency] = await q<{ id: string }>(`INSERT INTO competency (slug, name, description, levels) VALUES ('c', 'C', 'D', '[]') RETURNING id`);
    id.course = course.id;
    id.track = track.id;
    id.competency = competency.id;
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('counts staff from the start', async () => {
    const kept = await expectRollupsMatchRebuild();
    expect((kept.report_staff as { n: number }[]).reduce((s, r) => s + r.n, 0)).toBe(30);
  });

  it('follows a set-based assignment of everyone, with due dates in the past and the future', async () => {
    await q(`INSERT INTO assignment (staff_id, course_id, due_on, recurrence_months)
             SELECT id, $1, city_today() + (row_number() OVER (ORDER BY employee_id) - 10)::int * 3, 12 FROM staff`, [id.course]);
    await q(`INSERT INTO assignment (staff_id, track_id, due_on) SELECT id, $1, NULL FROM staff WHERE job_class = 'Clerk'`, [id.track]);
    await expectRollupsMatchRebuild();
    expect(await status(id.course)).toEqual([{ state: 'open', n: 30 }]);
  });

  it('follows completions, exemptions, a reversed exemption and the next cycle of a recurring assignment', async () => {
    await q(`UPDATE assignment SET completed_at = now() - interval '20 days' WHERE course_id = $1 AND staff_id IN (SELECT id FROM staff WHERE employee_id IN ('E1', 'E2', 'E3', 'E21'))`, [id.course]);
    await q(`UPDATE assignment SET exempted_at = now(), exempt_reason = 'leave' WHERE course_id = $1 AND staff_id IN (SELECT id FROM staff WHERE employee_id IN ('E4', 'E5'))`, [id.course]);
    await q(`UPDATE assignment SET exempted_at = NULL, exempt_reason = NULL WHERE course_id = $1 AND staff_id = (SELECT id FROM staff WHERE employee_id = 'E5')`, [id.course]);
    // The next cycle for E1 and E2, as completing a recurring assignment opens it.
    await q(`INSERT INTO assignment (staff_id, course_id, due_on, recurrence_months, cycle, previous_assignment_id)
             SELECT staff_id, course_id, (city_day(completed_at) + interval '12 months')::date, 12, cycle + 1, id FROM assignment
              WHERE course_id = $1 AND staff_id IN (SELECT id FROM staff WHERE employee_id IN ('E1', 'E2'))`, [id.course]);
    await q(`INSERT INTO track_completion (staff_id, track_id, completed_at) SELECT id, $1, now() - interval '3 days' FROM staff WHERE employee_id IN ('E3', 'E6')`, [id.track]);
    await q(`INSERT INTO competency_award (staff_id, competency_id, level, level_rank, source_kind, source_id)
             SELECT id, $1, 'Aware', 0, 'course', $2 FROM staff WHERE employee_id IN ('E1', 'E2', 'E3')`, [id.competency, id.course]);
    await expectRollupsMatchRebuild();
    // 30 current cycles: E1, E2 open again (new cycle), E3 and E21 completed, E4 exempt.
    expect(await status(id.course)).toEqual([
      { state: 'completed', n: 2 },
      { state: 'exempt', n: 1 },
      { state: 'open', n: 27 },
    ]);
    const [{ completions }] = await q<{ completions: number }>(`SELECT sum(n)::int AS completions FROM report_week WHERE kind = 'completed' AND by_department AND by_job_class AND by_location AND subject_id = $1`, [id.course]);
    expect(completions).toBe(4);
  });

  it('moves counts when a roster import moves people between departments and changes their attributes', async () => {
    await q(`UPDATE staff SET department_id = $1, job_class = 'Supervisor', work_location = 'Yard', hire_date = '2001-02-03', updated_at = now()
              WHERE employee_id IN ('E1', 'E3', 'E4', 'E7')`, [id.APD]);
    await q(`UPDATE staff SET active = false, deactivated_at = now() WHERE employee_id IN ('E2', 'E22')`);
    // Unchanged rows (a re-import touching updated_at only) change nothing.
    await q(`UPDATE staff SET updated_at = now()`);
    const kept = await expectRollupsMatchRebuild();
    const apd = (kept.report_status as { by_job_class: boolean; by_location: boolean; department_id: string; n: number; subject_id: string }[]).filter(
      (r) => r.by_job_class && !r.by_location && r.department_id === id.APD && r.subject_id === id.course,
    );
    expect(apd.reduce((s, r) => s + r.n, 0)).toBe(14);
  });

  it('follows deletes: removing a new cycle makes the previous one current again', async () => {
    await q(`DELETE FROM assignment WHERE cycle = 2 AND staff_id = (SELECT id FROM staff WHERE employee_id = 'E1')`);
    await q(`DELETE FROM track_completion WHERE staff_id = (SELECT id FROM staff WHERE employee_id = 'E6')`);
    await q(`DELETE FROM competency_award WHERE staff_id = (SELECT id FROM staff WHERE employee_id = 'E2')`);
    await expectRollupsMatchRebuild();
    expect(await status(id.course)).toEqual([
      { state: 'completed', n: 3 },
      { state: 'exempt', n: 1 },
      { state: 'open', n: 26 },
    ]);
  });

  it('a bulk load of several cycles in one statement counts only the last as current', async () => {
    await q(`INSERT INTO staff (employee_id, email, first_name, last_name, department_id) VALUES ('B1', 'b1@x.org', 'B', 'One', $1)`, [id.TES]);
    await q(`WITH c1 AS (SELECT gen_random_uuid() AS id), c2 AS (SELECT gen_random_uuid() AS id)
             INSERT INTO assignment (id, staff_id, course_id, completed_at, cycle, previous_assignment_id, recurrence_months, due_on)
             SELECT c1.id, s.id, $1::uuid, now() - interval '400 days', 1, NULL, 12, NULL FROM c1, staff s WHERE s.employee_id = 'B1'
             UNION ALL SELECT c2.id, s.id, $1::uuid, NULL, 2, c1.id, 12, city_today() - 10 FROM c1, c2, staff s WHERE s.employee_id = 'B1'`, [id.course]);
    await expectRollupsMatchRebuild();
  });
  it("counts weeks in the city's time, and a change of CITY_TIME_ZONE rebuilds them", async () => {
    await q(`INSERT INTO staff (employee_id, email, first_name, last_name, department_id) VALUES ('W1', 'w1@x.org', 'W', 'One', $1)`, [id.TES]);
    // Sunday Dec 6, 2026, 22:00 in New York is Monday Dec 7, 03:00 in UTC; due Sunday Dec 13 (a day, in any zone).
    await q(`INSERT INTO assignment (staff_id, course_id, completed_at) SELECT id, $1, '2026-12-07T03:00:00Z' FROM staff WHERE employee_id = 'W1'`, [id.course]);
    await q(`INSERT INTO assignment (staff_id, track_id, due_on) SELECT id, $1, '2026-12-13' FROM staff WHERE employee_id = 'W1'`, [id.track]);
    const weeksOf = () =>
      q<{ kind: string; week: string }>(
        `SELECT kind, to_char(week, 'YYYY-MM-DD') AS week FROM report_week_live r JOIN staff s ON s.department_id = r.department_id AND s.employee_id = 'W1'
          WHERE r.by_department AND r.by_job_class AND r.by_location AND r.job_class = '' AND r.work_location = ''
            AND ((kind = 'completed' AND week >= '2026-11-30' AND week <= '2026-12-07') OR (kind IN ('due', 'due_day') AND week >= '2026-12-07' AND week <= '2026-12-13'))
          GROUP BY kind, week HAVING sum(r.n) > 0 ORDER BY kind`,
      );
    await syncCityTimeZone(ds, 'America/New_York');
    expect(await weeksOf()).toEqual([{ kind: 'completed', week: '2026-11-30' }, { kind: 'due', week: '2026-12-07' }, { kind: 'due_day', week: '2026-12-13' }]);
    await expectRollupsMatchRebuild();
    expect(await syncCityTimeZone(ds, 'Etc/UTC')).toBe(true);
    expect(await weeksOf()).toEqual([{ kind: 'completed', week: '2026-12-07' }, { kind: 'due', week: '2026-12-07' }, { kind: 'due_day', week: '2026-12-13' }]);
    await expectRollupsMatchRebuild();
    await syncCityTimeZone(ds, 'America/New_York');
  });
  it('lets two completions that change the same rollup rows commit without waiting on each other; a fold leaves a running transaction its deltas', async () => {
    // Two open current assignments of one course in one department: both completions change the
    // same department rows and the same whole-city 'completed' week row.
    const open = await q<{ id: string }>(
      `SELECT a.id FROM assignment a JOIN staff s ON s.id = a.staff_id
        WHERE a.course_id = $1 AND s.department_id = $2 AND a.completed_at IS NULL AND a.exempted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM assignment nx WHERE nx.previous_assignment_id = a.id)
        ORDER BY s.employee_id LIMIT 2`,
      [id.course, id.TES],
    );
    expect(open).toHaveLength(2);
    const first = ds.createQueryRunner();
    const second = ds.createQueryRunner();
    try {
      for (const r of [first, second]) {
        await r.startTransaction();
        // Upserting the rollup rows, the second would wait here until the first commits.
        await r.query(`SET LOCAL lock_timeout = '2s'`);
      }
      await first.query(`UPDATE assignment SET completed_at = now() WHERE id = $1`, [open[0].id]);
      await second.query(`UPDATE assignment SET completed_at = now() WHERE id = $1`, [open[1].id]);
      await second.commitTransaction();
      // The first is still running: a fold moves the second's deltas and cannot see the first's.
      await q(`SELECT report_fold()`);
      expect(await pendingDeltas()).toBe(0);
      await first.commitTransaction();
      expect(await pendingDeltas()).toBeGreaterThan(0);
    } finally {
      for (const r of [first, second]) {
        if (r.isTransactionActive) await r.rollbackTransaction();
        await r.release();
      }
    }
    await expectRollupsMatchRebuild();
  });
});
