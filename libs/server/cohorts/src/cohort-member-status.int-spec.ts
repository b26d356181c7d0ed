import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { assignmentStatusSql, createDataSource } from '@equip/server/database';
import { createTestDatabase, TestDatabase, testConfig } from '@equip/server/testing';
import type { StaffScope } from '@equip/shared/domain';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CohortMembershipService } from './cohort-membership.service';
import { CohortRepository } from './cohort.repository';
import { CohortsService } from './cohorts.service';

/**
 * The members page sorts by status and due day on keys each membership keeps (migration
 * CohortMemberStatusKey), maintained by triggers. These tests hold them to the status worked out
 * from the assignments themselves (`assignmentStatusSql`, what the page shows per assignment) after
 * every kind of write that can change it, and show that overdue still comes with the city's
 * midnight, with no write at all.
 */
describe('the members page’s kept status keys', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let service: CohortsService;
  let lead: StaffScope;
  let tes: string;
  const people: Record<string, string> = {};
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => dataSource.query(sql, params);

  const person = async (key: string) => {
    const [row] = await query<{ id: string }>(
      `INSERT INTO staff (employee_id, email, first_name, last_name, department_id) VALUES ($1, lower($1) || '@x.org', $1, 'Test', $2) RETURNING id`,
      [key, tes],
    );
    people[key] = row.id;
  };

  /** Every current membership: the kept key beside the one worked out from the assignments now. */
  const disagreements = async () =>
    query(
      `SELECT m.cohort_id, s.employee_id, to_char(m.status_due_on, 'YYYY-MM-DD') AS kept_due,
              CASE WHEN m.status_due_on < city_today() THEN 0 ELSE m.status_rank END AS kept,
              to_char(w.next_due, 'YYYY-MM-DD') AS worked_due, w.worst AS worked
         FROM cohort_member m JOIN staff s ON s.id = m.staff_id
         CROSS JOIN LATERAL (
           SELECT min(cell.due_on) FILTER (WHERE cell.status IN ('not_started', 'in_progress', 'overdue')) AS next_due,
                  COALESCE(min(CASE cell.status WHEN 'overdue' THEN 0 WHEN 'not_started' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'completed' THEN 3 WHEN 'exempt' THEN 4 END), 5) AS worst
             FROM (SELECT DISTINCT ON (a.course_id, a.track_id) a.due_on, ${assignmentStatusSql('a')} AS status
                     FROM assignment a
                    WHERE a.staff_id = m.staff_id AND a.sources @> jsonb_build_array(jsonb_build_object('cohortId', m.cohort_id::text))
                    ORDER BY a.course_id, a.track_id, a.cycle DESC) cell) w
        WHERE m.left_at IS NULL
          AND (m.status_due_on IS DISTINCT FROM w.next_due OR CASE WHEN m.status_due_on < city_today() THEN 0 ELSE m.status_rank END <> w.worst)`,
    );
  const statusOf = async (cohort: string, key: string) =>
    (await query<{ worst: number }>(
      `SELECT CASE WHEN status_due_on < city_today() THEN 0 ELSE status_rank END AS worst FROM cohort_member WHERE cohort_id = $1 AND staff_id = $2 AND left_at IS NULL`,
      [cohort, people[key]],
    ))[0]?.worst;
  const ids = (page: { items: { staff: { employeeId: string } }[] }) => page.items.map((m) => m.staff.employeeId);
  const mine = async (key: string, cohort: string, slug: string) =>
    (await query<{ id: string }>(
      `SELECT a.id FROM assignment a LEFT JOIN course c ON c.id = a.course_id LEFT JOIN track t ON t.id = a.track_id
        WHERE a.staff_id = $1 AND COALESCE(c.slug, t.slug) = $2 AND a.sources @> $3::jsonb ORDER BY a.cycle DESC LIMIT 1`,
      [people[key], slug, JSON.stringify([{ cohortId: cohort }])],
    ))[0].id;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await createDataSource({ databaseUrl: db.url }).initialize();
    const outcome = await new CatalogSyncService(dataSource, new CatalogRepository(), new AuditService(dataSource)).syncFromDirectory(
      join(__dirname, '../../catalog/src/content/__fixtures__/valid'),
    );
    expect(outcome.problems).toEqual([]);
    [{ id: tes }] = await query<{ id: string }>(`INSERT INTO department (code, name, path) VALUES ('TES', 'Testing', '') RETURNING id`);
    await query(`UPDATE department SET path = '/' || id || '/' WHERE id = $1`, [tes]);
    for (const key of ['LEAD', 'ANA', 'BEN', 'CAL', 'DEE', 'EVE', 'NAT', 'OLA', 'ZED']) await person(key);
    lead = { kind: 'departments', actorId: people.LEAD, rootDepartmentIds: [tes] };
    const repository = new CohortRepository();
    const audit = new AuditService(dataSource);
    service = new CohortsService(dataSource, repository, new CohortMembershipService(dataSource, repository, audit), audit, testConfig());
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('agrees with the status worked out from the assignments after every kind of write', async () => {
    const courses = (await service.create(lead, { name: 'Course cohort', departmentId: tes, kind: 'static' })).id;
    const tracks = (await service.create(lead, { name: 'Track cohort', departmentId: tes, kind: 'static' })).id;
    await service.addMembers(lead, courses, [people.ANA, people.BEN, people.CAL, people.DEE]);
    await service.addMembers(lead, tracks, [people.ANA, people.BEN]);
    // Members with nothing assigned yet: nothing to do, no due day.
    expect(await statusOf(courses, 'ANA')).toBe(5);
    expect(await disagreements()).toEqual([]);

    await service.assign(lead, courses, { courseSlug: 'equity-basics', due: { kind: 'absolute', dueOn: '2099-01-01' } });
    await service.assign(lead, tracks, { trackSlug: 'all-staff-foundations', due: { kind: 'absolute', dueOn: '2099-06-01' } });
    expect(await statusOf(courses, 'ANA')).toBe(1);
    expect(await disagreements()).toEqual([]);

    // Starting the course turns ANA's course work and the track holding it in progress; losing the enrollment turns it back.
    const [{ versionId }] = await query<{ versionId: string }>(`SELECT current_version_id AS "versionId" FROM course WHERE slug = 'equity-basics'`);
    await query(`INSERT INTO enrollment (staff_id, course_version_id) VALUES ($1, $2)`, [people.ANA, versionId]);
    expect(await statusOf(courses, 'ANA')).toBe(2);
    expect(await disagreements()).toEqual([]);
    await query(`UPDATE enrollment SET started_at = started_at - interval '1 day' WHERE staff_id = $1`, [people.ANA]);
    expect(await disagreements()).toEqual([]);

    // Due days, completion, exemption, written straight to the rows (as other code paths and scripts do).
    await query(`UPDATE assignment SET due_on = city_today() - 1 WHERE id = $1`, [await mine('BEN', courses, 'equity-basics')]);
    await query(`UPDATE assignment SET completed_at = now() WHERE id = $1`, [await mine('CAL', courses, 'equity-basics')]);
    await service.exempt(lead, await mine('DEE', courses, 'equity-basics'), 'Completed at the county');
    expect([await statusOf(courses, 'BEN'), await statusOf(courses, 'CAL'), await statusOf(courses, 'DEE')]).toEqual([0, 3, 4]);
    expect(await disagreements()).toEqual([]);

    // A new cycle of completed work: the latest cycle counts, and an enrollment from before it does not start it.
    await query(
      `INSERT INTO assignment (staff_id, course_id, due_on, sources, recurrence_months, cycle, previous_assignment_id)
       SELECT staff_id, course_id, '2100-01-01', sources, 12, cycle + 1, id FROM assignment WHERE id = $1`,
      [await mine('CAL', courses, 'equity-basics')],
    );
    expect(await statusOf(courses, 'CAL')).toBe(1);
    expect(await disagreements()).toEqual([]);

    // Changing a track's steps changes what counts as having started it.
    const [{ steps }] = await query<{ steps: unknown }>(`SELECT steps FROM track WHERE slug = 'all-staff-foundations'`);
    await query(`UPDATE track SET steps = '[]' WHERE slug = 'all-staff-foundations'`);
    expect(await disagreements()).toEqual([]);
    await query(`UPDATE track SET steps = $1 WHERE slug = 'all-staff-foundations'`, [JSON.stringify(steps)]);
    expect(await disagreements()).toEqual([]);

    // Joining a cohort whose work one already holds; losing the cohort's source; deleting; leaving and coming back.
    await service.addMembers(lead, tracks, [people.CAL]);
    expect(await disagreements()).toEqual([]);
    await query(`UPDATE assignment SET sources = '[]' WHERE id = $1`, [await mine('ANA', tracks, 'all-staff-foundations')]);
    expect(await statusOf(tracks, 'ANA')).toBe(5);
    await query(`DELETE FROM enrollment WHERE staff_id = $1`, [people.ANA]);
    await query(`DELETE FROM assignment WHERE id = $1`, [await mine('BEN', courses, 'equity-basics')]);
    expect(await statusOf(courses, 'BEN')).toBe(5);
    await service.removeMembers(lead, courses, [people.ANA]);
    await service.addMembers(lead, courses, [people.ANA]);
    expect(await disagreements()).toEqual([]);

    // Both ways of finding the assignments (a few people's, or a whole cohort's by the sources index) rebuild the same keys.
    for (const byCohort of [false, true]) {
      await query(`UPDATE cohort_member SET status_due_on = '1999-01-01', status_rank = 2`);
      expect((await disagreements()).length).toBeGreaterThan(0);
      await query(`SELECT cohort_member_status_refresh(array_agg(cohort_id), array_agg(staff_id), $1) FROM cohort_member WHERE left_at IS NULL`, [byCohort]);
      expect({ byCohort, wrong: await disagreements() }).toEqual({ byCohort, wrong: [] });
    }

    // The page sorted by status follows the kept keys, and agrees with the status filter worked out per member.
    const byStatus = ids(await service.members(lead, courses, { sort: 'status' }));
    expect(byStatus.slice(0, 2).sort()).toEqual(['ANA', 'CAL']);
    expect(ids(await service.members(lead, courses, { status: 'not_started', sort: 'name' }))).toEqual(['ANA', 'CAL']);
  });

  it('turns a member overdue when the city’s day passes their due day, with no write to their work or membership', async () => {
    const cohort = (await service.create(lead, { name: 'Midnight', departmentId: tes, kind: 'static' })).id;
    await service.addMembers(lead, cohort, [people.NAT, people.OLA, people.ZED]);
    // Twelve hours behind UTC: whatever the hour, fourteen hours ahead is at least one day later.
    await query(`UPDATE city_setting SET time_zone = 'Etc/GMT+12'`);
    try {
      await service.assign(lead, cohort, { courseSlug: 'equity-basics', due: { kind: 'absolute', dueOn: '2099-01-01' } });
      await query(`UPDATE assignment SET due_on = city_today() - 1 WHERE id = $1`, [await mine('OLA', cohort, 'equity-basics')]);
      // ZED's work is due today: not overdue yet.
      await query(`UPDATE assignment SET due_on = city_today() WHERE id = $1`, [await mine('ZED', cohort, 'equity-basics')]);
      expect(ids(await service.members(lead, cohort, { sort: 'status' }))).toEqual(['OLA', 'NAT', 'ZED']);
      expect(ids(await service.members(lead, cohort, { sort: 'status', direction: 'desc' }))).toEqual(['NAT', 'ZED', 'OLA']);
      const rows = () =>
        query(
          `SELECT xmin::text AS version, to_jsonb(m) AS row FROM cohort_member m WHERE cohort_id = $1
           UNION ALL SELECT xmin::text, to_jsonb(a) FROM assignment a WHERE sources @> $2::jsonb ORDER BY 2`,
          [cohort, JSON.stringify([{ cohortId: cohort }])],
        );
      const before = await rows();

      // The city's midnight passes (here: the same instant is a later day in the city's new zone).
      await query(`UPDATE city_setting SET time_zone = 'Etc/GMT-14'`);
      expect(await rows()).toEqual(before);
      expect(ids(await service.members(lead, cohort, { sort: 'status' }))).toEqual(['OLA', 'ZED', 'NAT']);
      expect(ids(await service.members(lead, cohort, { status: 'overdue', sort: 'name' }))).toEqual(['OLA', 'ZED']);
      expect(await disagreements()).toEqual([]);
      // Page by page, the same order as the whole list.
      const pages = [];
      for (let page = 1; page <= 3; page++) pages.push(...ids(await service.members(lead, cohort, { sort: 'status', page, pageSize: 1 })));
      expect(pages).toEqual(['OLA', 'ZED', 'NAT']);
    } finally {
      await query(`UPDATE city_setting SET time_zone = $1`, [testConfig().cityTimeZone]);
    }
  });
});
