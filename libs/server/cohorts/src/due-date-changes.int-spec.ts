import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource } from '@equip/server/database';
import { DomainError } from '@equip/server/http';
import { createTestDatabase, TestDatabase, testConfig } from '@equip/server/testing';
import { addDays, cityDay, type StaffScope } from '@equip/shared/domain';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CohortMembershipService } from './cohort-membership.service';
import { CohortRepository } from './cohort.repository';
import { CohortsService } from './cohorts.service';

/**
 * Extending one person's due day, on a real PostgreSQL: scope, refusals that write nothing, the
 * kept extension, its audit event and the mail queued in the outbox, and the extension standing
 * when the work is assigned again. Departments: CITY ⊃ TES (the lead's), APD outside it.
 */
describe('changing due dates: one person’s extension, a cohort’s due rule', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let service: CohortsService;
  let lead: StaffScope;
  let otherLead: StaffScope;
  let admin: StaffScope;
  const dept: Record<string, string> = {};
  const people: Record<string, string> = {};
  const today = cityDay(new Date(), testConfig().cityTimeZone);
  let cohort: string;
  let courseId: string;

  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => dataSource.query(sql, params);
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
    return { status: error.status, message: error.message, errors: error.errors };
  };
  const department = async (code: string, parent?: string) => {
    const [row] = await query<{ id: string }>(`INSERT INTO department (code, name, parent_id, path) VALUES ($1, $1, $2, '') RETURNING id`, [code, parent ?? null]);
    await query(`UPDATE department SET path = COALESCE((SELECT path FROM department WHERE id = $2), '/') || $1 || '/' WHERE id = $1`, [row.id, parent ?? null]);
    dept[code] = row.id;
  };
  const person = async (key: string, departmentCode: string, hireDate: string | null = null) => {
    const [row] = await query<{ id: string }>(
      `INSERT INTO staff (employee_id, email, first_name, last_name, department_id, hire_date) VALUES ($1, lower($1) || '@x.org', $1, 'Test', $2, $3) RETURNING id`,
      [key, dept[departmentCode], hireDate],
    );
    people[key] = row.id;
  };
  const assignmentOf = async (key: string) =>
    (await query<{ id: string; due_on: string }>(`SELECT id, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM assignment WHERE staff_id = $1 AND course_id = $2`, [people[key], courseId]))[0];
  const written = async () =>
    (await query<{ extensions: number; audits: number; mails: number }>(
      `SELECT (SELECT count(*) FROM assignment_extension)::int AS extensions,
              (SELECT count(*) FROM audit_event WHERE action = 'assignment.extended')::int AS audits,
              (SELECT count(*) FROM outbox WHERE event = 'mail.queued' AND payload->>'key' LIKE 'assignment-extended:%')::int AS mails`,
    ))[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await createDataSource({ databaseUrl: db.url }).initialize();
    const outcome = await new CatalogSyncService(dataSource, new CatalogRepository(), new AuditService(dataSource)).syncFromDirectory(
      join(__dirname, '../../catalog/src/content/__fixtures__/valid'),
    );
    expect(outcome.problems).toEqual([]);
    await department('CITY');
    await department('TES', dept.CITY);
    await department('APD', dept.CITY);
    for (const [key, code] of [['LEAD', 'TES'], ['ADMIN', 'CITY'], ['ANA', 'TES'], ['BEN', 'TES'], ['CAL', 'TES'], ['APDLEAD', 'APD'], ['DEE', 'APD']]) await person(key, code);
    lead = { kind: 'departments', actorId: people.LEAD, rootDepartmentIds: [dept.TES] };
    otherLead = { kind: 'departments', actorId: people.APDLEAD, rootDepartmentIds: [dept.APD] };
    admin = { kind: 'city', actorId: people.ADMIN, canWrite: true, personLevel: true };
    const repository = new CohortRepository();
    const audit = new AuditService(dataSource);
    service = new CohortsService(dataSource, repository, new CohortMembershipService(dataSource, repository, audit), audit, testConfig());
    cohort = (await service.create(lead, { name: 'Crew', departmentId: dept.TES, kind: 'static' })).id;
    await service.addMembers(lead, cohort, [people.ANA, people.BEN, people.CAL, people.LEAD]);
    await service.assign(lead, cohort, { courseSlug: 'community-engagement', due: { kind: 'absolute', dueOn: addDays(today, 10) } });
    courseId = (await query<{ id: string }>(`SELECT id FROM course WHERE slug = 'community-engagement'`))[0].id;
    await query(`INSERT INTO assignment (staff_id, course_id, due_on, sources) VALUES ($1, $2, $3, '[{"kind":"person"}]')`, [people.DEE, courseId, addDays(today, 10)]);
    await query(`UPDATE assignment SET completed_at = now() WHERE staff_id = $1 AND course_id = $2`, [people.CAL, courseId]);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('refuses a day that is not later, a completed assignment, and anyone outside the caller’s departments — writing nothing', async () => {
    const ana = await assignmentOf('ANA');
    const request = (dueOn: string) => ({ dueOn, reason: 'On leave' });
    expect(await failure(service.extend(lead, ana.id, request(ana.due_on)))).toMatchObject({ status: 400, errors: [{ field: 'dueOn' }] });
    expect(await failure(service.extend(lead, ana.id, request(addDays(today, 5))))).toMatchObject({ status: 400, errors: [{ field: 'dueOn' }] });
    expect(await failure(service.extend(lead, ana.id, request(addDays(today, -1))))).toMatchObject({ status: 400, errors: [{ field: 'dueOn' }] });
    expect((await failure(service.extend(lead, (await assignmentOf('CAL')).id, request(addDays(today, 30))))).status).toBe(409);
    // Another department's person, another department's lead, and the lead's own assignment all read as missing.
    expect((await failure(service.extend(lead, (await assignmentOf('DEE')).id, request(addDays(today, 30))))).status).toBe(404);
    expect((await failure(service.extend(otherLead, ana.id, request(addDays(today, 30))))).status).toBe(404);
    expect((await failure(service.extend(lead, (await assignmentOf('LEAD')).id, request(addDays(today, 30))))).status).toBe(404);
    expect(await written()).toEqual({ extensions: 0, audits: 0, mails: 0 });
    expect((await assignmentOf('ANA')).due_on).toBe(addDays(today, 10));
  });

  it('moves the due day, keeps who, when and why, audits it and mails the person through the outbox', async () => {
    const ana = await assignmentOf('ANA');
    const view = await service.extend(lead, ana.id, { dueOn: addDays(today, 30), reason: '  Back from leave next month ' }, '10.0.0.9');
    expect(view).toMatchObject({ id: ana.id, staffId: people.ANA, dueOn: addDays(today, 30), status: 'not_started' });
    expect((await assignmentOf('ANA')).due_on).toBe(addDays(today, 30));
    expect(await query(`SELECT to_char(previous_due_on, 'YYYY-MM-DD') AS "from", to_char(due_on, 'YYYY-MM-DD') AS "to", reason, granted_by AS by FROM assignment_extension WHERE assignment_id = $1`, [ana.id]))
      .toEqual([{ from: addDays(today, 10), to: addDays(today, 30), reason: 'Back from leave next month', by: people.LEAD }]);
    const [audit] = await query<{ actor: string; before: { dueOn: string }; after: { dueOn: string; extensionReason: string }; ip: string; dept: string }>(
      `SELECT actor_id AS actor, before, after, ip, department_id AS dept FROM audit_event WHERE action = 'assignment.extended' AND subject_id = $1`, [ana.id]);
    expect(audit).toMatchObject({ actor: people.LEAD, before: { dueOn: addDays(today, 10) }, after: { dueOn: addDays(today, 30), extensionReason: 'Back from leave next month' }, ip: '10.0.0.9', dept: dept.TES });
    const mails = await query<{ to: string; subject: string; text: string }>(
      `SELECT payload->>'to' AS to, payload->>'subject' AS subject, payload->>'text' AS text FROM outbox WHERE event = 'mail.queued' AND payload->>'key' LIKE $1`, [`assignment-extended:${ana.id}:%`]);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toBe('ana@x.org');
    expect(mails[0].subject).toMatch(/is now due /);
    expect(mails[0].text).toContain('Back from leave next month');
    // An administrator may extend anyone in the city.
    await service.extend(admin, (await assignmentOf('DEE')).id, { dueOn: addDays(today, 12), reason: 'Court date' });
    expect(await written()).toEqual({ extensions: 2, audits: 2, mails: 2 });
  });

  it('stands when the cohort assigns the work again, unless that gives a later day', async () => {
    await service.assign(lead, cohort, { courseSlug: 'community-engagement', due: { kind: 'absolute', dueOn: addDays(today, 20) } });
    expect((await assignmentOf('ANA')).due_on).toBe(addDays(today, 30));
    // Without an extension the earliest day stands, as before.
    expect((await assignmentOf('BEN')).due_on).toBe(addDays(today, 10));
    await service.assign(lead, cohort, { courseSlug: 'community-engagement', due: { kind: 'absolute', dueOn: addDays(today, 45) } });
    expect((await assignmentOf('ANA')).due_on).toBe(addDays(today, 45));
    expect((await assignmentOf('BEN')).due_on).toBe(addDays(today, 10));
  });

  describe('changing a cohort assignment’s due rule', () => {
    let crew: string;
    let definition: string;
    let basics: string;
    const dueOf = async (key: string) =>
      (await query<{ due_on: string; recurrence_months: number | null }>(`SELECT to_char(due_on, 'YYYY-MM-DD') AS due_on, recurrence_months FROM assignment WHERE staff_id = $1 AND course_id = $2`, [people[key], basics]))[0];
    const ruleWrites = async () =>
      (await query<{ audits: number; mails: number }>(
        `SELECT (SELECT count(*) FROM audit_event WHERE action = 'cohort.assignment_rule_changed')::int AS audits,
                (SELECT count(*) FROM outbox WHERE event = 'mail.queued' AND payload->>'key' LIKE 'assignment-rule-changed:%')::int AS mails`,
      ))[0];

    beforeAll(async () => {
      await person('P1', 'TES', '2020-01-01');
      await person('P2', 'TES');
      for (const key of ['P3', 'P4', 'P5']) await person(key, 'TES');
      crew = (await service.create(lead, { name: 'Rule change', departmentId: dept.TES, kind: 'static' })).id;
      await service.addMembers(lead, crew, ['P1', 'P2', 'P3', 'P4', 'P5'].map((k) => people[k]));
      definition = (await service.assign(lead, crew, { courseSlug: 'equity-basics', due: { kind: 'absolute', dueOn: addDays(today, 10) } })).cohortAssignmentId as string;
      basics = (await query<{ id: string }>(`SELECT id FROM course WHERE slug = 'equity-basics'`))[0].id;
      await query(`UPDATE assignment SET completed_at = now() WHERE staff_id = $1 AND course_id = $2`, [people.P3, basics]);
      await query(`UPDATE assignment SET exempted_at = now(), exempt_reason = 'Elsewhere' WHERE staff_id = $1 AND course_id = $2`, [people.P4, basics]);
      const p5 = (await query<{ id: string }>(`SELECT id FROM assignment WHERE staff_id = $1 AND course_id = $2`, [people.P5, basics]))[0].id;
      await service.extend(lead, p5, { dueOn: addDays(today, 100), reason: 'Long leave' });
    });

    const afterHire = { due: { kind: 'after_hire' as const, days: 60 }, recurrenceMonths: 12 };

    it('previews who is affected, saving nothing; a stale count and another department are refused, writing nothing', async () => {
      const preview = { people: 5, completed: 1, newDueDay: 2, keepingExtension: 1, exempt: 1 };
      expect(await service.ruleChangePreview(lead, crew, definition, afterHire)).toEqual(preview);
      expect(await failure(service.changeRule(lead, crew, definition, { ...afterHire, people: 4 }))).toMatchObject({ status: 409, errors: [{ field: 'people' }] });
      expect((await failure(service.ruleChangePreview(otherLead, crew, definition, afterHire))).status).toBe(404);
      expect((await failure(service.changeRule(otherLead, crew, definition, { ...afterHire, people: 5 }))).status).toBe(404);
      expect((await failure(service.ruleChangePreview(lead, crew, cohort, afterHire))).status).toBe(404);
      expect(await dueOf('P1')).toEqual({ due_on: addDays(today, 10), recurrence_months: null });
      expect(await query(`SELECT due_kind, recurrence_months FROM cohort_assignment WHERE id = $1`, [definition])).toEqual([{ due_kind: 'absolute', recurrence_months: null }]);
      expect(await ruleWrites()).toEqual({ audits: 0, mails: 0 });
    });

    it('gives open work the new day except where an extension is later, tells those people by mail, and audits it', async () => {
      expect(await service.changeRule(lead, crew, definition, { ...afterHire, people: 5 }, '10.0.0.4')).toEqual({ people: 5, completed: 1, newDueDay: 2, keepingExtension: 1, exempt: 1, told: 2 });
      // Hired long ago, or no hire date: 60 days after the assignment starts.
      expect(await dueOf('P1')).toEqual({ due_on: addDays(today, 60), recurrence_months: 12 });
      expect(await dueOf('P2')).toEqual({ due_on: addDays(today, 60), recurrence_months: 12 });
      // The extension stands; the new recurrence reaches that person too.
      expect(await dueOf('P5')).toEqual({ due_on: addDays(today, 100), recurrence_months: 12 });
      expect(await query(`SELECT due_kind, due_days, recurrence_months FROM cohort_assignment WHERE id = $1`, [definition])).toEqual([{ due_kind: 'after_hire', due_days: 60, recurrence_months: 12 }]);
      const mails = await query<{ to: string; subject: string }>(`SELECT payload->>'to' AS to, payload->>'subject' AS subject FROM outbox WHERE event = 'mail.queued' AND payload->>'key' LIKE $1 ORDER BY 1`, [`assignment-rule-changed:${definition}:%`]);
      expect(mails.map((m) => m.to)).toEqual(['p1@x.org', 'p2@x.org']);
      const [audit] = await query<{ actor: string; after: Record<string, unknown>; dept: string }>(`SELECT actor_id AS actor, after, department_id AS dept FROM audit_event WHERE action = 'cohort.assignment_rule_changed'`);
      expect(audit).toMatchObject({ actor: people.LEAD, after: { cohortAssignmentId: definition, people: 5, newDueDay: 2, keepingExtension: 1 }, dept: dept.TES });
      // The members page says why: hired long ago (or no hire date on file) counts from the start; an extension is named.
      const page = await service.members(lead, crew, { pageSize: 50 });
      const why = Object.fromEntries(page.items.map((r) => [r.staff.employeeId, r.assignments[0]?.dueBasis ?? null]));
      expect(why).toEqual({
        P1: { basis: 'hired_before_start', days: 60, startsOn: today },
        P2: { basis: 'no_hire_date', days: 60, startsOn: today },
        P3: null,
        P4: null,
        P5: { basis: 'extended', days: 60, startsOn: today },
      });
      // A later day than the extension reaches that person too.
      const later = { due: { kind: 'absolute' as const, dueOn: addDays(today, 200) }, recurrenceMonths: null };
      expect(await service.ruleChangePreview(lead, crew, definition, later)).toEqual({ people: 5, completed: 1, newDueDay: 3, keepingExtension: 0, exempt: 1 });
      await service.changeRule(lead, crew, definition, { ...later, people: 5 });
      expect((await dueOf('P5')).due_on).toBe(addDays(today, 200));
      expect((await dueOf('P4')).due_on).toBe(addDays(today, 10));
    });
  });

  describe('changing a due rule when the person has the work from elsewhere too', () => {
    let a: string;
    let definition: string;
    let basics: string;
    const dueOf = async (key: string) =>
      (await query<{ due_on: string }>(`SELECT to_char(due_on, 'YYYY-MM-DD') AS due_on FROM assignment WHERE staff_id = $1 AND course_id = $2 AND completed_at IS NULL`, [people[key], basics]))[0].due_on;

    beforeAll(async () => {
      for (const key of ['M1', 'M2', 'M3', 'M4']) await person(key, 'TES');
      basics = (await query<{ id: string }>(`SELECT id FROM course WHERE slug = 'equity-basics'`))[0].id;
      a = (await service.create(lead, { name: 'Merge A', departmentId: dept.TES, kind: 'static' })).id;
      await service.addMembers(lead, a, ['M1', 'M2', 'M3', 'M4'].map((k) => people[k]));
      definition = (await service.assign(lead, a, { courseSlug: 'equity-basics', due: { kind: 'absolute', dueOn: addDays(today, 10) } })).cohortAssignmentId as string;
      // M1 has it from a second cohort, due later; M2 from their lead directly, due later.
      const b = (await service.create(lead, { name: 'Merge B', departmentId: dept.TES, kind: 'static' })).id;
      await service.addMembers(lead, b, [people.M1]);
      await service.assign(lead, b, { courseSlug: 'equity-basics', due: { kind: 'after_joining', days: 30 } });
      await service.assignToPerson(lead, { staffId: people.M2, courseSlug: 'equity-basics', due: { kind: 'absolute', dueOn: addDays(today, 25) } });
      // M4's personal assignment was written before its day was kept in the source.
      await query(`UPDATE assignment SET sources = sources || '[{"kind":"person"}]'::jsonb WHERE staff_id = $1 AND course_id = $2`, [people.M4, basics]);
      for (const key of ['M1', 'M2', 'M3', 'M4']) expect(await dueOf(key)).toBe(addDays(today, 10));
    });

    it('keeps the earliest day over all the person’s sources, as assigning does, and tells only those whose day moved', async () => {
      const later = { due: { kind: 'absolute' as const, dueOn: addDays(today, 60) }, recurrenceMonths: null };
      // M1 gets the other cohort's day, M2 their lead's day, M3 the new day; M4 keeps the day they have.
      expect(await service.ruleChangePreview(lead, a, definition, later)).toEqual({ people: 4, completed: 0, newDueDay: 3, keepingExtension: 0, exempt: 0 });
      expect(await service.changeRule(lead, a, definition, { ...later, people: 4 })).toMatchObject({ newDueDay: 3, told: 3 });
      expect(await dueOf('M1')).toBe(addDays(today, 30));
      expect(await dueOf('M2')).toBe(addDays(today, 25));
      expect(await dueOf('M3')).toBe(addDays(today, 60));
      expect(await dueOf('M4')).toBe(addDays(today, 10));
      const mails = await query<{ to: string }>(`SELECT payload->>'to' AS to FROM outbox WHERE event = 'mail.queued' AND payload->>'key' LIKE $1 ORDER BY 1`, [`assignment-rule-changed:${definition}:%`]);
      expect(mails.map((m) => m.to)).toEqual(['m1@x.org', 'm2@x.org', 'm3@x.org']);
      // An earlier day wins over every other source.
      const sooner = { due: { kind: 'absolute' as const, dueOn: addDays(today, 5) }, recurrenceMonths: null };
      await service.changeRule(lead, a, definition, { ...sooner, people: 4 });
      for (const key of ['M1', 'M2', 'M3', 'M4']) expect(await dueOf(key)).toBe(addDays(today, 5));
      // And back later: each to the earliest of their other sources again.
      await service.changeRule(lead, a, definition, { ...later, people: 4 });
      expect([await dueOf('M1'), await dueOf('M2'), await dueOf('M3'), await dueOf('M4')]).toEqual([addDays(today, 30), addDays(today, 25), addDays(today, 60), addDays(today, 5)]);
    });
  });

  describe('extending selected members at once', () => {
    let bulk: string;
    let definition: string;
    const keys = ['B1', 'B2', 'B3', 'B4', 'B5'];
    const bulkWrites = async () =>
      (await query<{ extensions: number; audits: number; mails: number }>(
        `SELECT (SELECT count(*) FROM assignment_extension e JOIN assignment a ON a.id = e.assignment_id WHERE a.staff_id = ANY($1::uuid[]))::int AS extensions,
                (SELECT count(*) FROM audit_event WHERE action = 'assignment.extended' AND after->>'bulk' = 'true')::int AS audits,
                (SELECT count(*) FROM outbox WHERE event = 'mail.queued' AND payload->>'to' LIKE 'b_@x.org' AND payload->>'key' LIKE 'assignment-extended:%')::int AS mails`,
        [keys.map((k) => people[k])],
      ))[0];

    beforeAll(async () => {
      for (const key of keys) await person(key, 'TES');
      bulk = (await service.create(lead, { name: 'Bulk', departmentId: dept.TES, kind: 'static' })).id;
      await service.addMembers(lead, bulk, [...keys.map((k) => people[k]), people.LEAD]);
      definition = (await service.assign(lead, bulk, { courseSlug: 'community-engagement', due: { kind: 'absolute', dueOn: addDays(today, 10) } })).cohortAssignmentId as string;
      await query(`UPDATE assignment SET completed_at = now() WHERE staff_id = $1 AND course_id = $2`, [people.B2, courseId]);
      await query(`UPDATE assignment SET exempted_at = now(), exempt_reason = 'Elsewhere' WHERE staff_id = $1 AND course_id = $2`, [people.B3, courseId]);
      await service.extend(lead, (await assignmentOf('B4')).id, { dueOn: addDays(today, 90), reason: 'Long leave' });
    });

    const selected = () => [...keys, 'LEAD'].map((k) => people[k]);
    const day = () => addDays(today, 40);

    it('counts first: who it extends, who completed, who already has a later day; nothing changes', async () => {
      const before = await bulkWrites();
      expect(await service.previewExtensions(lead, bulk, { staffIds: selected(), cohortAssignmentId: definition, dueOn: day() }))
        // B1 and B5 extended; B2 completed; B4 already due later; B3 exempt; the lead's own skipped.
        .toEqual({ people: 5, extending: 2, completed: 1, alreadyLater: 1, exempt: 1, skipped: 1 });
      // An administrator sees the city: another department's person is only not a member here.
      expect((await service.previewExtensions(admin, bulk, { staffIds: [...selected(), people.DEE], cohortAssignmentId: definition, dueOn: day() })).skipped).toBe(1);
      expect(await bulkWrites()).toEqual(before);
      expect((await assignmentOf('B1')).due_on).toBe(addDays(today, 10));
    });

    it('refuses a past day, a stale count, another department’s lead and a cohort that does not assign it — writing nothing', async () => {
      const request = { staffIds: selected(), cohortAssignmentId: definition, dueOn: day(), reason: 'Storm recovery', count: 2 };
      expect(await failure(service.extendMany(lead, bulk, { ...request, dueOn: addDays(today, -1) }))).toMatchObject({ status: 400, errors: [{ field: 'dueOn' }] });
      expect(await failure(service.previewExtensions(lead, bulk, { ...request, dueOn: addDays(today, -1) }))).toMatchObject({ status: 400, errors: [{ field: 'dueOn' }] });
      expect(await failure(service.extendMany(lead, bulk, { ...request, count: 3 }))).toMatchObject({ status: 409, errors: [{ field: 'count' }] });
      expect((await failure(service.extendMany(otherLead, bulk, request))).status).toBe(404);
      // A person outside the lead's departments among the selected: as for one extension, no one.
      expect(await failure(service.extendMany(lead, bulk, { ...request, staffIds: [...request.staffIds, people.DEE] }))).toMatchObject({ status: 404, errors: [{ field: 'staffIds' }] });
      expect(await failure(service.previewExtensions(lead, bulk, { ...request, staffIds: [people.DEE] }))).toMatchObject({ status: 404, errors: [{ field: 'staffIds' }] });
      expect((await failure(service.previewExtensions(otherLead, bulk, request))).status).toBe(404);
      expect((await failure(service.extendMany(lead, bulk, { ...request, cohortAssignmentId: bulk }))).status).toBe(404);
      expect(await bulkWrites()).toEqual({ extensions: 1, audits: 0, mails: 1 });
      expect((await assignmentOf('B1')).due_on).toBe(addDays(today, 10));
    });

    it('extends each as one extension would: the day, the kept extension, one audit event and one mail each', async () => {
      expect(await service.extendMany(lead, bulk, { staffIds: selected(), cohortAssignmentId: definition, dueOn: day(), reason: ' Storm recovery ', count: 2 }, '10.0.0.7'))
        .toEqual({ extended: 2, told: 2 });
      expect((await assignmentOf('B1')).due_on).toBe(day());
      expect((await assignmentOf('B5')).due_on).toBe(day());
      expect((await assignmentOf('B4')).due_on).toBe(addDays(today, 90));
      expect((await assignmentOf('B3')).due_on).toBe(addDays(today, 10));
      expect((await assignmentOf('LEAD')).due_on).not.toBe(day());
      expect(await query(
        `SELECT to_char(e.previous_due_on, 'YYYY-MM-DD') AS "from", to_char(e.due_on, 'YYYY-MM-DD') AS "to", e.reason, e.granted_by AS by
           FROM assignment_extension e JOIN assignment a ON a.id = e.assignment_id WHERE a.staff_id = ANY($1::uuid[]) ORDER BY a.staff_id = $2 DESC`,
        [[people.B1, people.B5], people.B1],
      )).toEqual([
        { from: addDays(today, 10), to: day(), reason: 'Storm recovery', by: people.LEAD },
        { from: addDays(today, 10), to: day(), reason: 'Storm recovery', by: people.LEAD },
      ]);
      const b1 = (await assignmentOf('B1')).id;
      const [audit] = await query<Record<string, unknown>>(
        `SELECT actor_id AS actor, before, after, ip, department_id AS dept FROM audit_event WHERE action = 'assignment.extended' AND subject_id = $1`, [b1]);
      expect(audit).toMatchObject({ actor: people.LEAD, before: { dueOn: addDays(today, 10) }, after: { dueOn: day(), extensionReason: 'Storm recovery', title: expect.any(String), bulk: true }, ip: '10.0.0.7', dept: dept.TES });
      const mails = await query<{ to: string; text: string }>(
        `SELECT payload->>'to' AS to, payload->>'text' AS text FROM outbox WHERE event = 'mail.queued' AND payload->>'key' LIKE 'assignment-extended:%' AND payload->>'to' IN ('b1@x.org', 'b5@x.org') ORDER BY 1`);
      expect(mails.map((m) => m.to)).toEqual(['b1@x.org', 'b5@x.org']);
      expect(mails[0].text).toContain('Storm recovery');
      expect(await bulkWrites()).toEqual({ extensions: 3, audits: 2, mails: 3 });
      // Done once, the same selection and day extend nobody more.
      expect((await service.previewExtensions(lead, bulk, { staffIds: selected(), cohortAssignmentId: definition, dueOn: day() })).extending).toBe(0);
    });
  });
});
