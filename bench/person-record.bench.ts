/**
 * A person's record of learning at city scale (`npm run bench -- person-record [--staff N]
 * [--database name] [--runs 30]`), on the synthetic city (30,000 staff by default; `--staff 100000
 * --database equip_bench_city_100k` for the full city `npm run bench:seed` kept). One active person
 * is given 60 assignments (their own plus completed earlier cycles, as years of yearly training
 * leave) and the record is read through PersonRecordService.record — what GET
 * /api/staff/:staffId/record answers — as a RASE administrator and as the person's department's
 * equity lead, beside the bare baseline of one indexed `SELECT * FROM assignment WHERE staff_id`
 * on a plain pg client. Fails unless the record lists all 60 assignments. Then the PDF render once.
 * Goal (issue 17): p95 ≤ 50 ms at 100,000 staff.
 */
import 'reflect-metadata';
import { RenderPool } from '@equip/server/runtime';
import { testConfig } from '@equip/server/testing';
import { PersonRecordRepository, PersonRecordService, renderPersonRecordPdf } from '@equip/server/reporting';
import type { StaffScope } from '@equip/shared/domain';
import { Client } from 'pg';
import { latencyTable, measure, option, processPeakRssMb, repeat, table, textOption } from './support/measure';
import { openCity } from './support/synthetic-city';

const ASSIGNMENTS = 60;

async function main(): Promise<void> {
  const staff = option('staff', 30_000);
  const runs = option('runs', 30);
  const city = await openCity({ staff, database: textOption('database'), copy: true, log: (line) => process.stdout.write(`${line}\n`) });
  const raw = new Client({ connectionString: city.url, application_name: 'equip-bench-raw' });
  await raw.connect();
  const pool = new RenderPool({ threads: 1 });
  try {
    // The active person with the most assignments, topped up to 60 with completed earlier cycles.
    const [person] = (
      await raw.query(
        `SELECT s.id, s.department_id AS "departmentId", count(a.id)::int AS n FROM staff s JOIN assignment a ON a.staff_id = s.id
          WHERE s.active GROUP BY s.id ORDER BY n DESC, s.id LIMIT 1`,
      )
    ).rows as { id: string; departmentId: string; n: number }[];
    if (person.n < ASSIGNMENTS) {
      await raw.query(
        `INSERT INTO assignment (staff_id, course_id, sources, due_on, completed_at, created_at, recurrence_months, cycle)
         SELECT $1, c.id, '[{"kind":"self"}]', city_today() - (400 + g), now() - make_interval(days => 410 + g), now() - make_interval(days => 420 + g), 12, 1
           FROM generate_series(1, $2::int) g
           JOIN LATERAL (SELECT id FROM course ORDER BY slug OFFSET (g % (SELECT count(*) FROM course)) LIMIT 1) c ON true`,
        [person.id, ASSIGNMENTS - person.n],
      );
      await raw.query(`ANALYZE assignment`);
    }
    const [lead] = (
      await raw.query(
        `SELECT g.staff_id AS id, g.department_id AS "departmentId" FROM role_grant g JOIN department d ON d.id = g.department_id JOIN department p ON p.id = $1
          WHERE g.role = 'equity_lead' AND p.path LIKE d.path || '%' LIMIT 1`,
        [person.departmentId],
      )
    ).rows as { id: string; departmentId: string }[];
    const admin: StaffScope = { kind: 'city', actorId: city.city.adminId, canWrite: true, personLevel: true };
    const scopes: [string, StaffScope][] = [['record (RASE administrator)', admin]];
    if (lead) scopes.push(['record (department equity lead)', { kind: 'departments', actorId: lead.id, rootDepartmentIds: [lead.departmentId] }]);

    const service = new PersonRecordService(new PersonRecordRepository(city.dataSource), testConfig(), pool);
    const record = await service.record(admin, person.id);
    if (record.assignments.length !== ASSIGNMENTS) throw new Error(`the record lists ${record.assignments.length} assignments, expected ${ASSIGNMENTS}`);

    const baseline = await repeat('bare SELECT * FROM assignment WHERE staff_id', runs, 3, () => raw.query(`SELECT * FROM assignment WHERE staff_id = $1`, [person.id]));
    const rows = [];
    for (const [name, scope] of scopes) rows.push(await repeat(name, runs, 3, () => service.record(scope, person.id)));
    process.stdout.write(`\nPerson record: ${staff.toLocaleString('en-US')} staff, one person with ${ASSIGNMENTS} assignments, ${record.courses.length} courses started, ${record.cohorts.length} cohort memberships\n`);
    process.stdout.write(`${latencyTable([baseline, ...rows], baseline)}\n`);

    const { stage: render } = await measure('renderPersonRecordPdf (3 pages)', ASSIGNMENTS, () => renderPersonRecordPdf({ record, cityName: 'Bench City', timeZone: 'America/New_York' }));
    const { stage: plain } = await measure('bare record read (baseline)', ASSIGNMENTS, () => service.record(admin, person.id));
    process.stdout.write(`\n${table([render], plain)}\npeak RSS ${processPeakRssMb().toFixed(0)} MB\n`);
  } finally {
    await pool.close();
    await raw.end();
    await city.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
