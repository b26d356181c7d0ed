import { ROLLUP_TABLES } from '@equip/migrations';
import { createDataSource } from '@equip/server/database';
import { createTestDatabase, TestDatabase } from '@equip/server/testing';
import { DataSource, QueryRunner } from 'typeorm';

/**
 * The rollup triggers on a pooled connection that has already run them: plpgsql keeps the plan a
 * static statement got at its first call on a connection, and a plan made for a one-row transition
 * table (nested loops over it) used for a 10,000-row one takes time quadratic in the rows. Each
 * case below runs a one-row write first, then a large one on the same connection, as a roster
 * import or a cohort assignment does after a single edit, and checks the rollups still equal a
 * rebuild. `statement_timeout` is a hang guard, not a timing: the large statements take about a
 * second on 2 busy cores; with the one-row plans kept, the first case ran for minutes.
 */
describe('rollup triggers after a one-row write on the same connection', () => {
  const PEOPLE = 10_000;
  let db: TestDatabase;
  let ds: DataSource;
  let runner: QueryRunner;
  const id: Record<string, string> = {};

  const expectRollupsMatchRebuild = async () => {
    // Read as the dashboard reads them: the rollup rows and the pending deltas, summed per key.
    const digest = async (r: QueryRunner) => {
      const out: unknown[] = [];
      for (const [t, key] of Object.entries(ROLLUP_TABLES)) {
        out.push(
          (await r.query(`SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) AS h, count(*)::int AS n FROM (SELECT ${key.join(', ')}, sum(n) AS n FROM ${t}_live GROUP BY ${key.join(', ')} HAVING sum(n) <> 0) x`))[0],
        );
      }
      return out;
    };
    const kept = await digest(runner);
    await runner.startTransaction();
    try {
      await runner.query(`SELECT report_rebuild()`);
      expect(await digest(runner)).toEqual(kept);
    } finally {
      await runner.rollbackTransaction();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ databaseUrl: db.url }).initialize();
    const [city] = await ds.query(`INSERT INTO department (code, name, path) VALUES ('CITY', 'City', '') RETURNING id`);
    await ds.query(`UPDATE department SET path = '/' || id || '/' WHERE id = $1`, [city.id]);
    id.city = city.id;
    await ds.query(
      `INSERT INTO staff (employee_id, email, first_name, last_name, department_id, job_class, work_location, hire_date)
       SELECT 'E' || g, 'e' || g || '@x.org', 'P' || g, 'Test', $1, 'Clerk', 'City Hall', date '2010-01-01' + g % 3000
         FROM generate_series(1, ${PEOPLE}) g`,
      [id.city],
    );
    const [course] = await ds.query(`INSERT INTO course (slug) VALUES ('basics') RETURNING id`);
    id.course = course.id;
    await ds.query(`INSERT INTO assignment (staff_id, course_id, due_on, recurrence_months) SELECT id, $1, city_today() + 20, 12 FROM staff`, [id.course]);
    runner = ds.createQueryRunner();
    await runner.query(`SET statement_timeout = '60s'`);
  }, 120_000);

  afterAll(async () => {
    await runner?.release();
    await ds?.destroy();
    await db?.drop();
  });

  it('moves every person to another job class after moving one', async () => {
    await runner.query(`UPDATE staff SET job_class = 'Analyst' WHERE employee_id = 'E1'`);
    await runner.query(`UPDATE staff SET job_class = 'Supervisor'`);
    await expectRollupsMatchRebuild();
  }, 180_000);

  it('opens the next cycle for everyone after opening one', async () => {
    await runner.query(`UPDATE assignment SET completed_at = now() - interval '1 day'`);
    const next = (where: string) =>
      runner.query(`INSERT INTO assignment (staff_id, course_id, due_on, recurrence_months, cycle, previous_assignment_id)
                    SELECT a.staff_id, a.course_id, (city_day(a.completed_at) + interval '12 months')::date, 12, a.cycle + 1, a.id
                      FROM assignment a JOIN staff s ON s.id = a.staff_id
                     WHERE a.cycle = 1 AND ${where}`);
    await next(`s.employee_id = 'E1'`);
    await next(`s.employee_id <> 'E1'`);
    await expectRollupsMatchRebuild();
  }, 180_000);

  it('records track completions and competency awards for everyone after one, and takes them back', async () => {
    const [track] = await runner.query(
      `INSERT INTO track (slug, title, summary, audience, steps, content_hash) VALUES ('path', 'Path', 'S', 'all-staff', '[]', repeat('a', 64)) RETURNING id`,
    );
    const [competency] = await runner.query(`INSERT INTO competency (slug, name, description, levels) VALUES ('c', 'C', 'D', '[]') RETURNING id`);
    for (const where of [`employee_id = 'E1'`, `employee_id <> 'E1'`]) {
      await runner.query(`INSERT INTO track_completion (staff_id, track_id, completed_at) SELECT id, $1, now() - interval '3 days' FROM staff WHERE ${where}`, [track.id]);
      await runner.query(
        `INSERT INTO competency_award (staff_id, competency_id, level, level_rank, source_kind, source_id) SELECT id, $1, 'Aware', 0, 'course', $2 FROM staff WHERE ${where}`,
        [competency.id, id.course],
      );
    }
    await runner.query(`UPDATE track_completion SET completed_at = completed_at - interval '7 days'`);
    await runner.query(`UPDATE competency_award SET level_rank = 1`);
    await expectRollupsMatchRebuild();
    await runner.query(`DELETE FROM track_completion`);
    await runner.query(`DELETE FROM competency_award`);
    await expectRollupsMatchRebuild();
  }, 180_000);

  it('deletes every new cycle after deleting one', async () => {
    await runner.query(`DELETE FROM assignment WHERE cycle = 2 AND staff_id = (SELECT id FROM staff WHERE employee_id = 'E2')`);
    await runner.query(`DELETE FROM assignment WHERE cycle = 2`);
    await expectRollupsMatchRebuild();
  }, 180_000);
});
