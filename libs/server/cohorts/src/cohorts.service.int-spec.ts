import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { assignmentStatusSql, createDataSource } from '@equip/server/database';
import { DomainError } from '@equip/server/http';
import { createTestDatabase, TestDatabase, testConfig } from '@equip/server/testing';
import { ASSIGNMENT_STATUSES } from '@equip/shared/contracts';
import { addDays, assignmentStatus, cityDay, relativeDueOn, type StaffScope } from '@equip/shared/domain';
import { migrations } from '@equip/migrations';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CohortMembershipService } from './cohort-membership.service';
import { CohortRepository } from './cohort.repository';
import { CohortsService } from './cohorts.service';

/**
 * Cohorts on a real PostgreSQL with the catalog lib's valid fixture (course `equity-basics`, track
 * `all-staff-foundations`). Departments: CITY ⊃ TES ⊃ TES-OPS, and APD outside the lead's scope.
 */
/** The city of testConfig(): the database's city_setting holds it too (the migration's default). */
const CITY = testConfig().cityTimeZone;

describe('CohortsService against PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let service: CohortsService;
  let membership: CohortMembershipService;
  const dept: Record<string, string> = {};
  let lead: StaffScope;
  let admin: StaffScope;
  const people: Record<string, string> = {};

  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => dataSource.query(sql, params);
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
    return { status: error.status, message: error.message, errors: error.errors };
  };
  const department = async (code: string, parent?: string) => {
    const [row] = await query<{ id: string }>(
      `INSERT INTO department (code, name, parent_id, path) VALUES ($1, $1, $2, '') RETURNING id`,
      [code, parent ?? null],
    );
    await query(`UPDATE department SET path = COALESCE((SELECT path FROM department WHERE id = $2), '/') || $1 || '/' WHERE id = $1`, [row.id, parent ?? null]);
    dept[code] = row.id;
  };
  const person = async (key: string, departmentCode: string, fields: { jobClass?: string; hireDate?: string; managerKey?: string } = {}) => {
    const [row] = await query<{ id: string }>(
      `INSERT INTO staff (employee_id, email, first_name, last_name, department_id, job_class, hire_date, manager_id)
       VALUES ($1, lower($1) || '@x.org', $1, 'Test', $2, $3, $4, $5) RETURNING id`,
      [key, dept[departmentCode], fields.jobClass ?? null, fields.hireDate ?? null, fields.managerKey ? people[fields.managerKey] : null],
    );
    people[key] = row.id;
  };
  const assignmentsOf = (key: string) =>
    query<{ id: string; due_on: string | null; sources: { cohortId?: string }[]; completed_at: Date | null; exempt_reason: string | null }>(
      `SELECT id, to_char(due_on, 'YYYY-MM-DD') AS due_on, sources, completed_at, exempt_reason FROM assignment WHERE staff_id = $1 ORDER BY created_at`,
      [people[key]],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await createDataSource({ databaseUrl: db.url }).initialize();
    const outcome = await new CatalogSyncService(dataSource, new CatalogRepository(), new AuditService(dataSource)).syncFromDirectory(
      join(__dirname, '../../catalog/src/content/__fixtures__/valid'),
    );
    expect(outcome.problems).toEqual([]);
    await department('CITY');
    await department('TES', dept.CITY);
    await department('TES-OPS', dept.TES);
    await department('APD', dept.CITY);
    await person('LEAD', 'TES');
    await person('ADMIN', 'CITY');
    await person('MGR', 'TES', { jobClass: 'Manager', hireDate: '2015-01-01' });
    await person('ANA', 'TES', { jobClass: 'Engineer', hireDate: '2024-01-10', managerKey: 'MGR' });
    await person('BEN', 'TES-OPS', { jobClass: 'engineer', hireDate: '2020-05-01', managerKey: 'ANA' });
    await person('CAL', 'TES-OPS', { jobClass: 'Clerk', managerKey: 'MGR' });
    await person('DEE', 'APD', { jobClass: 'Engineer' });
    lead = { kind: 'departments', actorId: people.LEAD, rootDepartmentIds: [dept.TES] };
    admin = { kind: 'city', actorId: people.ADMIN, canWrite: true, personLevel: true };
    const repository = new CohortRepository();
    const audit = new AuditService(dataSource);
    membership = new CohortMembershipService(dataSource, repository, audit);
    service = new CohortsService(dataSource, repository, membership, audit, testConfig());
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('previews a rule inside the lead’s scope: job class, subtree, manager chain', async () => {
    const engineers = await service.preview(lead, { departmentId: dept.TES, rule: { jobClasses: ['ENGINEER'] } });
    expect(engineers.people.map((p) => p.employeeId).sort()).toEqual(['ANA', 'BEN']);
    expect(engineers.count).toBe(2);
    expect((await service.preview(lead, { departmentId: dept.TES, rule: { departmentIds: [dept['TES-OPS']] } })).count).toBe(2);
    expect((await service.preview(lead, { departmentId: dept.TES, rule: { managerId: people.MGR, managerScope: 'direct' } })).people.map((p) => p.employeeId).sort()).toEqual(['ANA', 'CAL']);
    expect((await service.preview(lead, { departmentId: dept.TES, rule: { managerId: people.MGR, managerScope: 'chain' } })).count).toBe(3);
    expect((await service.preview(lead, { departmentId: dept.TES, rule: { hiredAfter: '2021-01-01' } })).people.map((p) => p.employeeId)).toEqual(['ANA']);
  });

  it('offers the job classes and work locations of the people the caller may see, case aside, most common first', async () => {
    await query(`UPDATE staff SET work_location = 'Depot A' WHERE id = ANY($1::uuid[])`, [[people.ANA, people.BEN]]);
    await query(`UPDATE staff SET work_location = 'HQ' WHERE id = $1`, [people.DEE]);
    const choices = await service.ruleChoices(lead);
    // ANA "Engineer" and BEN "engineer" are one class; DEE (APD) is outside the lead's scope.
    expect(choices.jobClasses).toEqual([{ value: 'Engineer', count: 2 }, { value: 'Clerk', count: 1 }, { value: 'Manager', count: 1 }]);
    expect(choices.workLocations).toEqual([{ value: 'Depot A', count: 2 }]);
    expect((await service.ruleChoices(admin)).workLocations).toEqual([{ value: 'Depot A', count: 2 }, { value: 'HQ', count: 1 }]);
    await query(`UPDATE staff SET work_location = NULL`);
  });

  it('treats another department as missing, and keeps city-wide cohorts for administrators', async () => {
    expect(await failure(service.preview(lead, { departmentId: dept.APD, rule: {} }))).toMatchObject({ status: 400, errors: [{ field: 'departmentId' }] });
    expect(await failure(service.create(lead, { name: 'All', departmentId: null, kind: 'static' }))).toMatchObject({ status: 400 });
    const cityWide = await service.create(admin, { name: 'Everyone', departmentId: null, kind: 'rule', rule: {} });
    expect(cityWide.memberCount).toBe(7);
    expect((await failure(service.detail(lead, cityWide.id))).status).toBe(404);
    await service.archive(admin, cityWide.id);
  });

  describe('a rule cohort of engineers and a static cohort', () => {
    let engineers: string;
    let manual: string;

    it('selects the rule’s people at creation, with history', async () => {
      const cohort = await service.create(lead, { name: 'Engineers', departmentId: dept.TES, kind: 'rule', rule: { jobClasses: ['engineer'] } });
      engineers = cohort.id;
      expect(cohort).toMatchObject({ memberCount: 2, kind: 'rule', rule: { jobClasses: ['engineer'] } });
      const history = await service.history(lead, engineers);
      expect(history.items.map((h) => h.joinReason)).toEqual(['rule', 'rule']);
    });

    it('adds static members by id and by pasted list, with an error per line that matches nobody in scope', async () => {
      manual = (await service.create(lead, { name: 'Pilot', departmentId: dept.TES, kind: 'static' })).id;
      expect(await failure(service.addMembers(lead, manual, [people.DEE]))).toMatchObject({ status: 400, errors: [{ field: 'staffIds[0]' }] });
      expect(await service.addMembers(lead, manual, [people.ANA])).toEqual({ changed: 1, memberCount: 1 });
      const pasted = await service.pasteMembers(lead, manual, 'ben@x.org\nDEE\n\nnobody@x.org, ANA');
      expect(pasted).toMatchObject({ changed: 1, memberCount: 2 });
      expect(pasted.errors).toEqual([
        expect.objectContaining({ line: 2, value: 'DEE' }),
        expect.objectContaining({ line: 4, value: 'nobody@x.org' }),
      ]);
      expect((await failure(service.addMembers(lead, engineers, [people.CAL]))).status).toBe(409);
    });

    it('assigns through two cohorts as one assignment: earliest due, both sources', async () => {
      const first = await service.assign(lead, engineers, { courseSlug: 'equity-basics', startsOn: '2030-01-01', due: { kind: 'after_hire', days: 30 } });
      expect(first).toMatchObject({ created: 2, merged: 0 });
      const second = await service.assign(lead, manual, { courseSlug: 'equity-basics', due: { kind: 'absolute', dueOn: '2029-06-30' } });
      expect(second).toMatchObject({ created: 0, merged: 2 });
      const [ana] = await assignmentsOf('ANA');
      expect(ana.due_on).toBe('2029-06-30');
      expect(ana.sources.map((s) => s.cohortId).sort()).toEqual([engineers, manual].sort());
      // Again: the same definition, updated; nobody gets it twice.
      expect(await service.assign(lead, manual, { courseSlug: 'equity-basics', due: { kind: 'absolute', dueOn: '2031-01-01' } })).toMatchObject({ created: 0, merged: 2, updated: true, cohortAssignmentId: second.cohortAssignmentId });
      expect(await assignmentsOf('ANA')).toHaveLength(1);
    });

    it('computes relative due days in SQL exactly as relativeDueOn does', async () => {
      const cohort = (await service.create(lead, { name: 'Onboarding', departmentId: dept.TES, kind: 'rule', rule: { departmentIds: [dept['TES-OPS']] } })).id;
      await service.assign(lead, cohort, { trackSlug: 'all-staff-foundations', startsOn: '2020-03-01', due: { kind: 'after_hire', days: 30 } });
      const rows = await query<{ key: string; hire: string | null; due: string }>(
        `SELECT s.employee_id AS key, s.hire_date::text AS hire, to_char(a.due_on, 'YYYY-MM-DD') AS due FROM assignment a JOIN staff s ON s.id = a.staff_id WHERE a.track_id IS NOT NULL`,
      );
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row.due).toBe(relativeDueOn(row.hire, '2020-03-01', 30, CITY));
      await service.archive(lead, cohort);
      expect(await query(`SELECT 1 FROM assignment WHERE track_id IS NOT NULL`)).toEqual([]);
    });

    it('counts "days after joining" from the city day of joining, at the edges of a day and across daylight-saving changes', async () => {
      const cohort = (await service.create(lead, { name: 'Joiners', departmentId: dept.TES, kind: 'rule', rule: { departmentIds: [dept['TES-OPS']] } })).id;
      const members = await query<{ staff_id: string }>(`SELECT staff_id FROM cohort_member WHERE cohort_id = $1 AND left_at IS NULL ORDER BY staff_id`, [cohort]);
      expect(members).toHaveLength(2);
      // 23:30 in the city on Nov 2, 2030, the night before the autumn change (03:30 UTC Nov 3, still
      // EDT); and 00:00 in the city on the spring change, March 10, 2030 (05:00 UTC, EST at midnight).
      const joined = ['2030-11-03T03:30:00Z', '2030-03-10T05:00:00Z'];
      for (const [i, m] of members.entries()) await query(`UPDATE cohort_member SET joined_at = $2 WHERE cohort_id = $1 AND staff_id = $3`, [cohort, joined[i], m.staff_id]);
      await service.assign(lead, cohort, { trackSlug: 'all-staff-foundations', startsOn: '2030-01-01', due: { kind: 'after_joining', days: 7 } });
      const rows = await query<{ staff_id: string; due: string }>(`SELECT staff_id, to_char(due_on, 'YYYY-MM-DD') AS due FROM assignment WHERE track_id IS NOT NULL ORDER BY staff_id`);
      expect(rows.map((r) => r.due)).toEqual(joined.map((j) => relativeDueOn(new Date(j), '2030-01-01', 7, CITY)));
      // In UTC the first joined on Nov 3 (due Nov 10); in the city, Nov 2.
      expect(rows[0].due).toBe('2030-11-09');
      expect(rows[1].due).toBe('2030-03-17');
      await service.archive(lead, cohort);
    });

    it('a roster change: the newcomer joins and gets the assignments; the leaver keeps completed and loses what came only from the cohort', async () => {
      await query(`UPDATE staff SET job_class = 'Engineer' WHERE id = $1`, [people.CAL]);
      await query(`UPDATE staff SET job_class = 'Clerk' WHERE id = $1`, [people.BEN]);
      // BEN has a second, self-enrolled course assignment: it stays; equity-basics came from both cohorts, so it stays too.
      const result = await membership.reevaluate([people.CAL, people.BEN]);
      expect(result).toEqual({ cohorts: 1, joined: 1, left: 1 });
      const [cal] = await assignmentsOf('CAL');
      expect(cal.sources.map((s) => s.cohortId)).toEqual([engineers]);
      expect(cal.due_on).toBe(relativeDueOn(null, '2030-01-01', 30, CITY));
      const [ben] = await assignmentsOf('BEN');
      expect([...new Set(ben.sources.map((s) => s.cohortId))]).toEqual([manual]);
      // CAL leaves again: the open assignment came only from the engineers cohort, so it is withdrawn.
      await query(`UPDATE staff SET job_class = 'Clerk' WHERE id = $1`, [people.CAL]);
      await membership.reevaluate([people.CAL]);
      expect(await assignmentsOf('CAL')).toEqual([]);
      const history = await service.history(lead, engineers);
      expect(history.items.filter((h) => h.staff.id === people.CAL).map((h) => h.leaveReason)).toEqual(['rule_no_longer_matches']);
      // A completed assignment is history: leaving does not touch it.
      await query(`UPDATE assignment SET completed_at = now() WHERE staff_id = $1`, [people.BEN]);
      await service.removeMembers(lead, manual, [people.BEN]);
      expect((await assignmentsOf('BEN'))[0].completed_at).not.toBeNull();
    });

    it('shows members with status per assignment, filters, searches and pages', async () => {
      const page = await service.members(lead, manual, { pageSize: 1 });
      expect(page).toMatchObject({ total: 1, page: 1, pageSize: 1 });
      expect(page.items[0]).toMatchObject({ staff: { employeeId: 'ANA' }, assignments: [{ slug: 'equity-basics', status: 'not_started' }] });
      expect((await service.members(lead, manual, { status: 'overdue' })).total).toBe(0);
      expect((await service.members(lead, manual, { search: 'nobody' })).total).toBe(0);
    });

    it('exempts with a reason, audited and reversible; never one’s own', async () => {
      const [ana] = await assignmentsOf('ANA');
      const exempt = await service.exempt(lead, ana.id, 'Completed at the county');
      expect(exempt).toMatchObject({ status: 'exempt', exemptReason: 'Completed at the county' });
      expect((await service.members(lead, manual, { status: 'exempt' })).total).toBe(1);
      expect((await failure(service.exempt(lead, ana.id, 'again'))).status).toBe(409);
      expect((await service.revokeExemption(lead, ana.id)).status).toBe('not_started');
      const audit = await query<{ action: string }>(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY at`, [ana.id]);
      expect(audit.map((a) => a.action)).toEqual(['assignment.exempted', 'assignment.exemption_revoked']);
    });

    it('records at most one nudge per person and assignment a day, with an outbox row each', async () => {
      expect(await service.nudge(lead, manual, { staffIds: [people.ANA], note: '  Monday 9 am is set aside for it. ' })).toEqual({ queued: 1, skipped: 0 });
      expect(await service.nudge(lead, manual, { staffIds: [people.ANA] })).toEqual({ queued: 0, skipped: 1 });
      expect(await query(`SELECT event FROM outbox WHERE event = 'assignment.nudged'`)).toHaveLength(1);
      // The note is kept trimmed and audited; the members list says who nudged and when.
      expect(await query(`SELECT note FROM nudge WHERE staff_id = $1`, [people.ANA])).toEqual([{ note: 'Monday 9 am is set aside for it.' }]);
      const [audit] = await query<{ after: { note?: string } }>(`SELECT after FROM audit_event WHERE action = 'cohort.nudged' AND subject_id = $1`, [manual]);
      expect(audit.after.note).toBe('Monday 9 am is set aside for it.');
      const ana = (await service.members(lead, manual, {})).items.find((m) => m.staff.id === people.ANA);
      expect(ana?.lastNudge).toEqual({ at: expect.any(String), by: { id: lead.actorId, firstName: expect.any(String), lastName: expect.any(String) } });
    });

    it('lists cohorts with overdue or soon-due unstarted work, people without an account and the latest nudges on the lead’s home', async () => {
      const [ana] = await assignmentsOf('ANA');
      await query(`UPDATE assignment SET due_on = city_today() - 1 WHERE id = $1`, [ana.id]);
      const home = await service.leadHome(lead);
      const mine = home.cohorts.find((c) => c.id === manual);
      expect(mine).toBeDefined();
      // What the home counts agrees with the members list's own status filter.
      expect(mine?.overdue).toBeGreaterThan(0);
      expect(mine?.overdue).toBe((await service.members(lead, manual, { status: 'overdue' })).total);
      expect(home.withoutAccount).toBeGreaterThan(0);
      expect(home.recentNudges[0]).toMatchObject({ person: { id: people.ANA }, cohort: { id: manual }, by: { id: lead.actorId } });
      // Another department's lead sees none of it.
      const other: StaffScope = { kind: 'departments', actorId: people.DEE, rootDepartmentIds: [dept.APD] };
      const theirs = await service.leadHome(other);
      expect(theirs.cohorts.map((c) => c.id)).not.toContain(manual);
      expect(theirs.recentNudges.map((n) => n.person.id)).not.toContain(people.ANA);
    });

    it('hides the lead’s cohorts from other departments’ leads (404)', async () => {
      const other: StaffScope = { kind: 'departments', actorId: people.DEE, rootDepartmentIds: [dept.APD] };
      expect((await failure(service.detail(other, manual))).status).toBe(404);
      expect((await failure(service.members(other, manual, {}))).status).toBe(404);
      const [ana] = await assignmentsOf('ANA');
      expect((await failure(service.exempt(other, ana.id, 'x'))).status).toBe(404);
    });
  });

  it('sorts and filters the members page on keys, and its pages join up to the whole list', async () => {
    for (const key of ['SAM', 'TIA', 'UMA', 'VIC']) await person(key, 'TES');
    const cohort = (await service.create(lead, { name: 'Sorting', departmentId: dept.TES, kind: 'static' })).id;
    await service.addMembers(lead, cohort, [people.SAM, people.TIA, people.UMA, people.VIC]);
    await service.assign(lead, cohort, { courseSlug: 'equity-basics', due: { kind: 'absolute', dueOn: '2099-01-01' } });
    const mine = async (key: string) => (await assignmentsOf(key)).find((a) => a.sources.some((s) => s.cohortId === cohort))!.id;
    await query(`UPDATE assignment SET due_on = city_today() - 2 WHERE id = $1`, [await mine('TIA')]);
    await query(`UPDATE assignment SET completed_at = now() WHERE id = $1`, [await mine('UMA')]);
    await query(`UPDATE assignment SET due_on = '2098-01-01' WHERE id = $1`, [await mine('VIC')]);

    const ids = (page: { items: { staff: { employeeId: string } }[] }) => page.items.map((m) => m.staff.employeeId);
    const byStatus = await service.members(lead, cohort, { sort: 'status' });
    expect(ids(byStatus)).toEqual(['TIA', 'SAM', 'VIC', 'UMA']);
    expect(ids(await service.members(lead, cohort, { sort: 'due' }))).toEqual(['TIA', 'VIC', 'SAM', 'UMA']);
    expect(ids(await service.members(lead, cohort, { sort: 'due', direction: 'desc' }))).toEqual(['SAM', 'VIC', 'TIA', 'UMA']);
    expect(ids(await service.members(lead, cohort, { status: 'overdue' }))).toEqual(['TIA']);
    expect(ids(await service.members(lead, cohort, { status: 'not_started', sort: 'name' }))).toEqual(['SAM', 'VIC']);
    expect(byStatus.items.find((m) => m.staff.employeeId === 'TIA')).toMatchObject({ nextDueOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), assignments: [{ status: 'overdue' }] });

    for (const sort of ['name', 'department', 'due', 'lastActivity', 'status'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const whole = await service.members(lead, cohort, { sort, direction });
        const pages = [];
        for (let page = 1; page <= 4; page++) pages.push(...ids(await service.members(lead, cohort, { sort, direction, page, pageSize: 1 })));
        expect({ sort, direction, ids: pages }).toEqual({ sort, direction, ids: ids(whole) });
        expect(whole.total).toBe(4);
      }
    }
  });

  it('credits a completed, non-recurring course to a cohort that assigns it again instead of assigning it twice', async () => {
    const cohort = (await service.create(lead, { name: 'Second time', departmentId: dept.TES, kind: 'static' })).id;
    await service.addMembers(lead, cohort, [people.UMA]);
    const before = await assignmentsOf('UMA');
    expect(before.filter((a) => a.completed_at)).toHaveLength(1);
    await service.assign(lead, cohort, { courseSlug: 'equity-basics', due: { kind: 'absolute', dueOn: '2099-01-01' } });
    const after = await assignmentsOf('UMA');
    expect(after).toHaveLength(before.length);
    expect(after[0].sources.map((s) => s.cohortId)).toContain(cohort);
    expect((await service.members(lead, cohort, {})).items[0].assignments).toMatchObject([{ slug: 'equity-basics', status: 'completed' }]);
    await service.removeMembers(lead, cohort, [people.UMA]);
    expect(await assignmentsOf('UMA')).toHaveLength(before.length);
  });

  it('re-checks rules on hire dates daily: people join as they are hired and leave as the window passes', async () => {
    await query(`UPDATE staff SET hire_date = current_date - 100 WHERE id = $1`, [people.ANA]);
    const cohort = (await service.create(lead, { name: 'New hires', departmentId: dept.TES, kind: 'rule', rule: { hiredWithinDays: 400 } })).id;
    const members = async () => (await service.members(lead, cohort, {})).items.map((m) => m.staff.employeeId).sort();
    expect(await members()).toEqual(['ANA']);
    // Days pass with no roster import: ANA's window closes, CAL's hire date comes within it.
    await query(`UPDATE staff SET hire_date = current_date - 401 WHERE id = $1`, [people.ANA]);
    await query(`UPDATE staff SET hire_date = current_date - 10 WHERE id = $1`, [people.CAL]);
    expect(await membership.reevaluateDateRules()).toMatchObject({ joined: 1, left: 1 });
    expect(await members()).toEqual(['CAL']);
    const [audit] = await query<{ after: { cause: string } }>(`SELECT after FROM audit_event WHERE subject_id = $1 AND action = 'cohort.reevaluated'`, [cohort]);
    expect(audit.after.cause).toBe('date');
    expect(await membership.reevaluateDateRules()).toMatchObject({ joined: 0, left: 0 });
  });

  it('derives status in SQL (the shared database lib\'s) exactly as the shared rule does', async () => {
    // Two people of their own: one has started equity-basics, the other has no enrollment at all.
    await person('STARTED', 'TES');
    await person('UNSTARTED', 'TES');
    const [course] = await query<{ id: string; versionId: string }>(`SELECT id, current_version_id AS "versionId" FROM course WHERE slug = 'equity-basics'`);
    await query(`INSERT INTO enrollment (staff_id, course_version_id) VALUES ($1, $2)`, [people.STARTED, course.versionId]);
    const now = new Date();
    // Yesterday, today (due today is not overdue) and tomorrow, as city days.
    const today = cityDay(now, CITY);
    const facts = [null, addDays(today, -1), today, addDays(today, 1)];
    for (const dueOn of facts) {
      for (const completed of [false, true]) {
        for (const exempt of [false, true]) {
          for (const started of [false, true]) {
            const [row] = await query<{ status: string }>(
              `SELECT ${assignmentStatusSql('a')} AS status FROM (SELECT $1::uuid AS staff_id, $2::uuid AS course_id, NULL::uuid AS track_id, $3::date AS due_on,
                      CASE WHEN $4 THEN now() END AS completed_at, CASE WHEN $5 THEN now() END AS exempted_at, now() - interval '1 day' AS created_at, 1 AS cycle) a`,
              [started ? people.STARTED : people.UNSTARTED, course.id, dueOn, completed, exempt],
            );
            expect(ASSIGNMENT_STATUSES).toContain(row.status);
            expect(row.status).toBe(assignmentStatus({ dueOn, completedAt: completed ? now : null, exemptedAt: exempt ? now : null, startedAt: started ? now : null }, now, CITY));
          }
        }
      }
    }
  });

  describe('assigning again and withdrawing', () => {
    let cohort: string;
    let definition: string;
    const course = () => query<{ id: string }>(`SELECT id FROM course WHERE slug = 'community-engagement'`).then((r) => r[0].id);
    const theirs = async (key: string) => query<{ id: string; completed_at: Date | null; sources: { cohortAssignmentId?: string; kind: string }[] }>(
      `SELECT id, completed_at, sources FROM assignment WHERE staff_id = $1 AND course_id = $2 ORDER BY cycle`, [people[key], await course()]);

    beforeAll(async () => {
      for (const key of ['WIL', 'XAN', 'YUL']) await person(key, 'TES');
      cohort = (await service.create(lead, { name: 'Withdraw me', departmentId: dept.TES, kind: 'static' })).id;
      await service.addMembers(lead, cohort, [people.WIL, people.XAN, people.YUL]);
    });

    it('previews an assignment exactly, saving nothing', async () => {
      const request = { courseSlug: 'community-engagement', due: { kind: 'after_joining' as const, days: 30 } };
      expect(await service.previewAssign(lead, cohort, request)).toEqual({ existing: null, withdrawn: false, members: 3, created: 3, merged: 0 });
      expect(await query(`SELECT count(*)::int AS n FROM cohort_assignment WHERE cohort_id = $1`, [cohort])).toEqual([{ n: 0 }]);
      expect(await theirs('WIL')).toEqual([]);
      expect((await failure(service.previewAssign({ kind: 'departments', actorId: people.LEAD, rootDepartmentIds: [dept.APD] }, cohort, request))).status).toBe(404);
    });

    it('assigning the same course again updates the one definition, never a second row', async () => {
      const first = await service.assign(lead, cohort, { courseSlug: 'community-engagement', due: { kind: 'after_joining', days: 30 } });
      expect(first).toMatchObject({ created: 3, merged: 0, updated: false });
      definition = first.cohortAssignmentId as string;
      const again = { courseSlug: 'community-engagement', due: { kind: 'after_joining' as const, days: 30 }, recurrenceMonths: 12 };
      const preview = await service.previewAssign(lead, cohort, again);
      expect(preview).toMatchObject({ existing: { id: definition, recurrenceMonths: null }, withdrawn: false, members: 3, created: 0, merged: 3 });
      expect(await service.assign(lead, cohort, again)).toEqual({ cohortAssignmentId: definition, updated: true, created: 0, merged: 3 });
      expect(await query(`SELECT id, recurrence_months AS months FROM cohort_assignment WHERE cohort_id = $1`, [cohort])).toEqual([{ id: definition, months: 12 }]);
      expect(await theirs('WIL')).toHaveLength(1);
      expect((await theirs('WIL'))[0].sources).toHaveLength(1);
    });

    it('previews a withdrawal, refuses a stale count, and writes nothing then', async () => {
      await query(`UPDATE assignment SET completed_at = now() WHERE staff_id = $1 AND course_id = $2`, [people.YUL, await course()]);
      await service.assignToPerson(lead, { staffId: people.XAN, courseSlug: 'community-engagement', due: { kind: 'after_hire', days: 10 } });
      expect(await service.withdrawalPreview(lead, cohort, definition)).toEqual({ people: 3, completed: 1, losing: 1, keepingElsewhere: 1 });
      expect(await failure(service.withdraw(lead, cohort, definition, 2))).toMatchObject({ status: 409, errors: [{ field: 'people' }] });
      const elsewhere: StaffScope = { kind: 'departments', actorId: people.LEAD, rootDepartmentIds: [dept.APD] };
      expect((await failure(service.withdrawalPreview(elsewhere, cohort, definition))).status).toBe(404);
      expect((await failure(service.withdraw(elsewhere, cohort, definition, 3))).status).toBe(404);
      expect((await theirs('WIL'))).toHaveLength(1);
      expect(await query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'cohort.assignment_withdrawn'`)).toEqual([{ n: 0 }]);
    });

    it('withdraws: completed work stays, work from elsewhere stays, the rest goes and those people are mailed; audited', async () => {
      expect(await service.withdraw(lead, cohort, definition, 3, '10.0.0.2')).toEqual({ people: 3, completed: 1, losing: 1, keepingElsewhere: 1, told: 1 });
      expect(await theirs('WIL')).toEqual([]);
      expect((await theirs('XAN')).map((a) => a.sources.map((x) => x.kind))).toEqual([['person']]);
      expect((await theirs('YUL'))[0].completed_at).not.toBeNull();
      const mails = await query<{ to: string; subject: string }>(`SELECT payload->>'to' AS to, payload->>'subject' AS subject FROM outbox WHERE event = 'mail.queued' AND payload->>'key' LIKE $1`, [`assignment-withdrawn:${definition}:%`]);
      expect(mails).toEqual([{ to: 'wil@x.org', subject: 'Community engagement is no longer assigned to you' }]);
      const [audit] = await query<{ after: Record<string, unknown> }>(`SELECT after FROM audit_event WHERE action = 'cohort.assignment_withdrawn' AND subject_id = $1`, [cohort]);
      expect(audit.after).toMatchObject({ cohortAssignmentId: definition, people: 3, completed: 1, staffIds: [people.WIL] });
      expect(await service.assignments(lead, cohort)).toEqual([]);
      expect((await service.detail(lead, cohort)).assignmentCount).toBe(0);
      expect((await failure(service.withdraw(lead, cohort, definition, 0))).status).toBe(404);
      // A newcomer does not get withdrawn work.
      await person('ZED', 'TES');
      await service.addMembers(lead, cohort, [people.ZED]);
      expect(await theirs('ZED')).toEqual([]);
    });

    it('a previewed re-assign brings the withdrawn assignment back, the same definition', async () => {
      const request = { courseSlug: 'community-engagement', due: { kind: 'after_joining' as const, days: 30 } };
      expect(await service.previewAssign(lead, cohort, request)).toMatchObject({ existing: null, withdrawn: true, members: 4 });
      expect(await service.assign(lead, cohort, request)).toMatchObject({ cohortAssignmentId: definition, updated: true });
      expect(await theirs('WIL')).toHaveLength(1);
      expect(await theirs('ZED')).toHaveLength(1);
    });
  });

  it('its migration merges a cohort’s repeated assignments of one course into the earliest, each source once', async () => {
    const Migration = migrations.find((m) => m.name === 'CohortAssignmentOnce1798500000002');
    if (!Migration) throw new Error('migration CohortAssignmentOnce not registered');
    await person('REP', 'TES');
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await new Migration().down(runner);
      const cohort = (await runner.query(`INSERT INTO cohort (name, department_id, kind) VALUES ('Repeats', $1, 'static') RETURNING id`, [dept.TES]))[0].id as string;
      const [course] = await runner.query(`SELECT id FROM course WHERE slug = 'equity-basics'`);
      const def = async (at: string) =>
        (await runner.query(`INSERT INTO cohort_assignment (cohort_id, course_id, starts_on, due_kind, due_days, created_at) VALUES ($1, $2, '2030-01-01', 'after_hire', 30, $3) RETURNING id`, [cohort, course.id, at]))[0].id as string;
      const first = await def('2026-01-01T00:00:00Z');
      const repeat = await def('2026-02-01T00:00:00Z');
      const source = (id: string) => ({ kind: 'cohort', cohortId: cohort, cohortAssignmentId: id });
      await runner.query(`INSERT INTO assignment (staff_id, course_id, sources) VALUES ($1, $2, $3)`, [people.REP, course.id, JSON.stringify([source(first), source(repeat), { kind: 'person', assignedBy: 'x' }])]);
      await new Migration().up(runner);
      expect(await runner.query(`SELECT id FROM cohort_assignment WHERE cohort_id = $1`, [cohort])).toEqual([{ id: first }]);
      const [row] = await runner.query(`SELECT sources FROM assignment WHERE staff_id = $1`, [people.REP]);
      expect(row.sources).toHaveLength(2);
      expect(row.sources).toEqual(expect.arrayContaining([source(first), { kind: 'person', assignedBy: 'x' }]));
      await expect(def('2026-03-01T00:00:00Z')).rejects.toThrow('cohort_assignment_course_once');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  describe('names and restoring', () => {
    it('keeps names unique per department among current cohorts, ignoring case and surrounding spaces (409 naming name)', async () => {
      const first = await service.create(lead, { name: 'Night crews', departmentId: dept.TES, kind: 'static' });
      expect(await failure(service.create(lead, { name: '  night CREWS ', departmentId: dept.TES, kind: 'static' }))).toMatchObject({
        status: 409,
        errors: [{ field: 'name', message: 'A cohort named “night CREWS” already exists in this department; choose another name' }],
      });
      const other = await service.create(lead, { name: 'Day crews', departmentId: dept.TES, kind: 'static' });
      expect((await failure(service.update(lead, other.id, { name: 'NIGHT crews' }))).errors).toEqual([expect.objectContaining({ field: 'name' })]);
      // Another department, or the cohort keeping its own name, is fine.
      expect((await service.create(admin, { name: 'Night crews', departmentId: dept.APD, kind: 'static' })).name).toBe('Night crews');
      expect((await service.update(lead, first.id, { name: 'Night Crews' })).name).toBe('Night Crews');
      expect(await query(`SELECT count(*)::int AS n FROM cohort WHERE lower(name) = 'night crews' AND department_id = $1`, [dept.TES])).toEqual([{ n: 1 }]);
    });

    it('restores an archived cohort’s definition only: no members, its assignments withdrawn until a previewed re-assign; audited', async () => {
      await person('RIA', 'TES');
      const cohort = (await service.create(lead, { name: 'Seasonal', departmentId: dept.TES, kind: 'static' })).id;
      await service.addMembers(lead, cohort, [people.RIA]);
      await service.assign(lead, cohort, { courseSlug: 'community-engagement', due: { kind: 'after_joining', days: 10 } });
      await service.archive(lead, cohort);
      expect((await service.list(lead, { archived: 'true' })).items.map((c) => c.id)).toContain(cohort);
      expect((await service.list(lead, {})).items.map((c) => c.id)).not.toContain(cohort);
      // A new cohort took the name meanwhile: restoring is refused until it is renamed.
      const taken = await service.create(lead, { name: 'seasonal', departmentId: dept.TES, kind: 'static' });
      expect(await failure(service.restore(lead, cohort))).toMatchObject({ status: 409, errors: [{ field: 'name' }] });
      await service.update(lead, taken.id, { name: 'Seasonal 2027' });
      expect((await failure(service.restore({ kind: 'departments', actorId: people.LEAD, rootDepartmentIds: [dept.APD] }, cohort))).status).toBe(404);
      const restored = await service.restore(lead, cohort);
      expect(restored).toMatchObject({ id: cohort, name: 'Seasonal', memberCount: 0, assignmentCount: 0 });
      expect((await failure(service.restore(lead, cohort))).status).toBe(404);
      await service.addMembers(lead, cohort, [people.RIA]);
      expect(await query(`SELECT 1 FROM assignment a JOIN course c ON c.id = a.course_id WHERE a.staff_id = $1 AND c.slug = 'community-engagement'`, [people.RIA])).toEqual([]);
      expect(await service.previewAssign(lead, cohort, { courseSlug: 'community-engagement', due: { kind: 'after_joining', days: 10 } })).toMatchObject({ withdrawn: true, created: 1 });
      expect(await query(`SELECT action FROM audit_event WHERE subject_id = $1 AND action IN ('cohort.archived', 'cohort.restored') ORDER BY id`, [cohort])).toEqual([
        { action: 'cohort.archived' },
        { action: 'cohort.restored' },
      ]);
    });
  });

  it('its names migration suffixes repeated names of current cohorts, leaving archived ones and other departments alone', async () => {
    const Migration = migrations.find((m) => m.name === 'CohortNamesUnique1798500000003');
    if (!Migration) throw new Error('migration CohortNamesUnique not registered');
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await new Migration().down(runner);
      const add = async (name: string, department: string, at: string, archived = false) =>
        (await runner.query(`INSERT INTO cohort (name, department_id, kind, created_at, archived_at) VALUES ($1, $2, 'static', $3, $4) RETURNING id`, [name, department, at, archived ? at : null]))[0].id as string;
      const a = await add('Bridge crews', dept['TES-OPS'], '2026-01-01T00:00:00Z');
      const b = await add(' bridge CREWS', dept['TES-OPS'], '2026-01-02T00:00:00Z');
      const c = await add('Bridge crews', dept['TES-OPS'], '2026-01-03T00:00:00Z', true);
      const d = await add('Bridge crews', dept.APD, '2026-01-04T00:00:00Z');
      const e = await add('Bridge Crews ', dept['TES-OPS'], '2026-01-05T00:00:00Z');
      await new Migration().up(runner);
      const names = await runner.query(`SELECT id, name FROM cohort WHERE id = ANY($1::uuid[])`, [[a, b, c, d, e]]);
      expect(Object.fromEntries(names.map((r: { id: string; name: string }) => [r.id, r.name]))).toEqual({
        [a]: 'Bridge crews',
        [b]: 'bridge CREWS (2)',
        [c]: 'Bridge crews',
        [d]: 'Bridge crews',
        [e]: 'Bridge Crews (3)',
      });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('exempts selected members in bulk: the count first, refused when it changed, one audit event per assignment', async () => {
    for (const key of ['BX1', 'BX2', 'BX3']) await person(key, 'TES');
    const cohort = (await service.create(lead, { name: 'Bulk exemptions', departmentId: dept.TES, kind: 'static' })).id;
    await service.addMembers(lead, cohort, [people.BX1, people.BX2, people.BX3, people.LEAD]);
    const { cohortAssignmentId } = await service.assign(lead, cohort, { courseSlug: 'community-engagement', due: { kind: 'after_joining', days: 30 } });
    const course = (await query<{ id: string }>(`SELECT id FROM course WHERE slug = 'community-engagement'`))[0].id;
    await query(`UPDATE assignment SET completed_at = now() WHERE staff_id = $1 AND course_id = $2`, [people.BX3, course]);
    const selected = [people.BX1, people.BX2, people.BX3, people.LEAD, people.DEE];
    const request = { staffIds: selected, cohortAssignmentId: cohortAssignmentId as string };
    // BX3 completed, the lead is the caller, DEE is not a member (and outside the scope).
    expect(await service.previewExemptions(lead, cohort, request)).toEqual({ count: 2, skipped: 3 });
    expect(await failure(service.exemptMany(lead, cohort, { ...request, reason: 'Seasonal staff', count: 3 }))).toMatchObject({ status: 409, errors: [{ field: 'count' }] });
    expect(await query(`SELECT count(*)::int AS n FROM assignment WHERE course_id = $1 AND exempted_at IS NOT NULL`, [course])).toEqual([{ n: 0 }]);
    expect((await failure(service.previewExemptions(lead, cohort, { ...request, cohortAssignmentId: cohort }))).status).toBe(404);
    expect(await service.exemptMany(lead, cohort, { ...request, reason: '  Seasonal staff ', count: 2 }, '10.0.0.3')).toEqual({ exempted: 2 });
    const rows = await query<{ key: string; reason: string }>(
      `SELECT s.employee_id AS key, a.exempt_reason AS reason FROM assignment a JOIN staff s ON s.id = a.staff_id WHERE a.course_id = $1 AND a.exempted_at IS NOT NULL ORDER BY key`, [course]);
    expect(rows).toEqual([{ key: 'BX1', reason: 'Seasonal staff' }, { key: 'BX2', reason: 'Seasonal staff' }]);
    const audits = await query<{ actor: string; after: { exemptReason: string }; dept: string }>(
      `SELECT e.actor_id AS actor, e.after, e.department_id AS dept FROM audit_event e JOIN assignment a ON a.id::text = e.subject_id
        WHERE e.action = 'assignment.exempted' AND a.course_id = $1`, [course]);
    expect(audits).toHaveLength(2);
    for (const a of audits) expect(a).toMatchObject({ actor: people.LEAD, after: { exemptReason: 'Seasonal staff' }, dept: dept.TES });
    expect(await service.previewExemptions(lead, cohort, request)).toEqual({ count: 0, skipped: 5 });
  });
});
