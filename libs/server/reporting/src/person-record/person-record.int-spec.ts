import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource } from '@equip/server/database';
import { DomainError } from '@equip/server/http';
import { RenderPool } from '@equip/server/runtime';
import { createTestDatabase, pdfText, testConfig, TestDatabase } from '@equip/server/testing';
import { PERSON_RECORD_CSV_COLUMNS, type PersonRecord } from '@equip/shared/contracts';
import { addDays, type StaffScope } from '@equip/shared/domain';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { renderPersonRecordPdf } from './person-record-pdf';
import { PersonRecordRepository } from './person-record.repository';
import { PersonRecordService } from './person-record.service';

/**
 * A person's record of learning on PostgreSQL. Departments: CITY ⊃ TES, and APD. T1 (TES) has a
 * cohort's course (a past cycle completed with a certificate, the current one overdue and nudged
 * by the lead), a track a lead assigned and then exempted, a knowledge-check attempt and a cohort
 * left. Scope: the person, a TES lead and an administrator see it; a lead outside the person's
 * departments, a viewer and another learner get the same 404 as for no one.
 */
describe('person record against PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let records: PersonRecordService;
  const pool = new RenderPool({ threads: 1 });
  const staff: Record<string, string> = {};
  const dept: Record<string, string> = {};
  let cohortId = '';
  let oldCohortId = '';
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => ds.query(sql, params);
  const failure = async (p: Promise<unknown>) => {
    const e = await p.then(() => undefined, (x: unknown) => x);
    if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
    return { status: e.status, message: e.message };
  };
  const admin = (): StaffScope => ({ kind: 'city', actorId: staff.C1, canWrite: true, personLevel: true });
  const viewer = (): StaffScope => ({ kind: 'city', actorId: staff.C1, canWrite: false, personLevel: false });
  const tesLead = (): StaffScope => ({ kind: 'departments', actorId: staff.T9, rootDepartmentIds: [dept.TES] });
  const apdLead = (): StaffScope => ({ kind: 'departments', actorId: staff.A9, rootDepartmentIds: [dept.APD] });
  const self = (who: string): StaffScope => ({ kind: 'self', actorId: staff[who] });

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ databaseUrl: db.url }).initialize();
    const outcome = await new CatalogSyncService(ds, new CatalogRepository(), new AuditService(ds)).syncFromDirectory(join(__dirname, '../../../catalog/src/content/__fixtures__/valid'));
    expect(outcome.problems).toEqual([]);
    for (const [code, parent] of [['CITY', null], ['TES', 'CITY'], ['APD', 'CITY']] as const) {
      const [row] = await q<{ id: string }>(`INSERT INTO department (code, name, kind, parent_id, path) VALUES ($1, $1 || ' department', 'department', $2, '') RETURNING id`, [code, parent ? dept[parent] : null]);
      dept[code] = row.id;
      await q(`UPDATE department SET path = COALESCE((SELECT path FROM department WHERE id = $2), '/') || $1 || '/' WHERE id = $1`, [row.id, parent ? dept[parent] : null]);
    }
    for (const [id, first, last, d] of [['T1', 'Maria', 'Lopez', 'TES'], ['T2', 'Sam', 'Ng', 'TES'], ['T9', 'Emily', 'Sullivan', 'TES'], ['A9', 'Ann', 'Apd', 'APD'], ['C1', 'Cy', 'Admin', 'CITY']] as const) {
      const [row] = await q<{ id: string }>(`INSERT INTO staff (employee_id, email, first_name, last_name, department_id, job_title) VALUES ($1, lower($1) || '@x.org', $2, $3, $4, 'Planner') RETURNING id`, [id, first, last, dept[d]]);
      staff[id] = row.id;
    }
    const [cohort] = await q<{ id: string }>(`INSERT INTO cohort (name, department_id, kind) VALUES ('TES planners', $1, 'static') RETURNING id`, [dept.TES]);
    cohortId = cohort.id;
    const [old] = await q<{ id: string }>(`INSERT INTO cohort (name, department_id, kind) VALUES ('TES pilot', $1, 'static') RETURNING id`, [dept.TES]);
    oldCohortId = old.id;
    await q(`INSERT INTO cohort_member (cohort_id, staff_id, join_reason, joined_at) VALUES ($1, $2, 'rule', now() - interval '400 days')`, [cohortId, staff.T1]);
    await q(`INSERT INTO cohort_member (cohort_id, staff_id, join_reason, joined_at, left_at, leave_reason) VALUES ($1, $2, 'added', now() - interval '500 days', now() - interval '450 days', 'rule_no_longer_matches')`, [oldCohortId, staff.T1]);
    // Cycle 1 of the cohort's yearly course: completed with a certificate; cycle 2 overdue.
    const sources = JSON.stringify([{ kind: 'cohort', cohortId }]);
    const [c1] = await q<{ id: string }>(
      `INSERT INTO assignment (staff_id, course_id, sources, due_on, completed_at, created_at, recurrence_months)
       SELECT $1, c.id, $2::jsonb, city_today() - 380, now() - interval '390 days', now() - interval '400 days', 12 FROM course c WHERE c.slug = 'equity-basics' RETURNING id`,
      [staff.T1, sources],
    );
    const [c2] = await q<{ id: string }>(
      `INSERT INTO assignment (staff_id, course_id, sources, due_on, created_at, recurrence_months, cycle, previous_assignment_id)
       SELECT $1, c.id, $2::jsonb, city_today() - 3, now() - interval '30 days', 12, 2, $3 FROM course c WHERE c.slug = 'equity-basics' RETURNING id`,
      [staff.T1, sources, c1.id],
    );
    const [e] = await q<{ id: string; version: string }>(
      `INSERT INTO enrollment (staff_id, course_version_id, started_at, completed_at, score) SELECT $1, c.current_version_id, now() - interval '399 days', now() - interval '390 days', 90
         FROM course c WHERE c.slug = 'equity-basics' RETURNING id, course_version_id AS version`,
      [staff.T1],
    );
    await q(`INSERT INTO lesson_progress (enrollment_id, lesson_slug) SELECT $1, l->>'slug' FROM course_version v, jsonb_array_elements(v.lessons) l WHERE v.id = $2`, [e.id, e.version]);
    await q(`INSERT INTO knowledge_check_attempt (enrollment_id, lesson_slug, attempt, answers, score, passed, submitted_at)
             SELECT $1, l->>'slug', 1, '{}', 2, true, now() - interval '391 days' FROM course_version v, jsonb_array_elements(v.lessons) l WHERE v.id = $2 AND l->>'type' = 'knowledge-check' LIMIT 1`, [e.id, e.version]);
    await q(`INSERT INTO certificate (staff_id, kind, enrollment_id, course_version_id, serial, verification_code, issued_at) VALUES ($1, 'course', $2, $3, 'EQ-0001', 'verification-code-0000000001', now() - interval '390 days')`, [staff.T1, e.id, e.version]);
    // The lead nudged T1 about cycle 2.
    const [nudge] = await q<{ id: string }>(`INSERT INTO nudge (assignment_id, staff_id, cohort_id, requested_by) VALUES ($1, $2, $3, $4) RETURNING id`, [c2.id, staff.T1, cohortId, staff.T9]);
    await q(`INSERT INTO notification (dedup_key, kind, recipient_id, staff_id, assignment_id, cohort_id, nudge_id, digest, day, delivery, delivered_at)
             VALUES ('nudge:' || $1, 'nudge', $2, $2, $3, $4, $1::bigint, 'nudge', current_date, 'sent', now())`, [nudge.id, staff.T1, c2.id, cohortId]);
    // The lead had moved cycle 2's due day a week later (it is overdue again since).
    await q(`INSERT INTO assignment_extension (assignment_id, previous_due_on, due_on, reason, granted_by, granted_at)
             VALUES ($1, city_today() - 10, city_today() - 3, 'Back from leave', $2, now() - interval '12 days')`, [c2.id, staff.T9]);
    // A track the lead assigned to T1 directly, then exempted.
    await q(`INSERT INTO assignment (staff_id, track_id, sources, due_on, exempted_at, exempt_reason, exempted_by)
             SELECT $1, t.id, jsonb_build_array(jsonb_build_object('kind', 'person', 'assignedBy', $2::text)), city_today() + 20, now(), 'On leave until spring', $2::uuid
               FROM track t WHERE t.slug = 'all-staff-foundations'`, [staff.T1, staff.T9]);
    records = new PersonRecordService(new PersonRecordRepository(ds), testConfig(), pool);
  });

  afterAll(async () => {
    await pool.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('shows the person, their leads and administrators the same record', async () => {
    const mine = await records.record(self('T1'), staff.T1);
    const lead = await records.record(tesLead(), staff.T1);
    const city = await records.record(admin(), staff.T1);
    for (const r of [mine, lead, city]) expect({ ...r, asOf: '' }).toEqual({ ...mine, asOf: '' });
  });

  it('answers a lead outside the person’s departments, a viewer and another learner as for no one', async () => {
    const none = await failure(records.record(admin(), randomUUID()));
    expect(none.status).toBe(404);
    for (const scope of [apdLead(), viewer(), self('T2')]) expect(await failure(records.record(scope, staff.T1))).toEqual(none);
    // A viewer and a lead still read their own.
    expect((await records.record(viewer(), staff.C1)).person.id).toBe(staff.C1);
    expect((await records.record(apdLead(), staff.A9)).person.id).toBe(staff.A9);
  });

  it('lists current work first and past cycles after, with who assigned it, exemptions and status', async () => {
    const r = await records.record(tesLead(), staff.T1);
    expect(r.assignments.map((a) => [a.subject.slug, a.cycle, a.current, a.status])).toEqual([
      ['equity-basics', 2, true, 'overdue'],
      ['all-staff-foundations', 1, true, 'exempt'],
      ['equity-basics', 1, false, 'completed'],
    ]);
    const [course, track] = r.assignments;
    expect(course.sources).toEqual([{ kind: 'cohort', cohort: { id: cohortId, name: 'TES planners' } }]);
    expect(course.recurrenceMonths).toBe(12);
    expect(track.sources).toEqual([{ kind: 'person', assignedBy: { id: staff.T9, firstName: 'Emily', lastName: 'Sullivan' } }]);
    expect(track.exemption).toMatchObject({ reason: 'On leave until spring', by: { id: staff.T9, firstName: 'Emily', lastName: 'Sullivan' } });
    expect(course.extensions).toEqual([
      { fromDueOn: addDays(course.dueOn as string, -7), toDueOn: course.dueOn, reason: 'Back from leave', at: expect.any(String), by: { id: staff.T9, firstName: 'Emily', lastName: 'Sullivan' } },
    ]);
    expect(track.extensions).toEqual([]);
    expect(r.summary).toEqual({ overdue: 1, exempt: 1, completed: 0, in_progress: 0, not_started: 0, certificates: 1 });
  });

  it('shows progress per course, knowledge-check attempts, certificates, nudges and cohort history', async () => {
    const r: PersonRecord = await records.record(admin(), staff.T1);
    expect(r.courses).toHaveLength(1);
    expect(r.courses[0].lessonsCompleted).toBe(r.courses[0].lessonsTotal);
    expect(r.courses[0].lessonsTotal).toBeGreaterThan(0);
    expect(r.knowledgeChecks).toEqual([expect.objectContaining({ attempt: 1, score: 2, passed: true })]);
    expect(r.knowledgeChecks[0].lessonTitle).not.toBe('');
    // The fixture's check allows unlimited attempts: nothing to count or grant.
    expect(r.knowledgeCheckAllowances).toEqual([]);
    expect(r.certificates.map((c) => c.serial)).toEqual(['EQ-0001']);
    expect(r.reminders).toEqual([expect.objectContaining({ kind: 'nudge', delivery: 'sent', by: { id: staff.T9, firstName: 'Emily', lastName: 'Sullivan' } })]);
    expect(r.cohorts.map((c) => [c.cohort.id, c.joinReason, c.leaveReason])).toEqual([
      [cohortId, 'rule', null],
      [oldCohortId, 'added', 'rule_no_longer_matches'],
    ]);
  });

  it('exports a CSV row per assignment, its extensions after it, and the knowledge checks tried — in words, never a raw code', async () => {
    const r = await records.record(tesLead(), staff.T1);
    const csv = records.toCsv(r);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(PERSON_RECORD_CSV_COLUMNS.join(','));
    expect(lines.map((l) => l.split(',')[0])).toEqual(['row', 'Assignment', 'Extension', 'Assignment', 'Assignment', 'Knowledge check']);
    expect(lines[1]).toContain('Overdue');
    expect(lines[1]).toContain('Cohort: TES planners');
    // The lead moved cycle 2 a week later: from, to, why, who.
    const due = r.assignments[0].dueOn as string;
    expect(lines[2]).toContain(`,${addDays(due, -7)},${due},Back from leave,Emily Sullivan,`);
    expect(lines[3]).toContain('Emily Sullivan');
    expect(lines[3]).toContain('On leave until spring');
    // The fixture's check has no limit: one attempt used, passed.
    expect(lines[5]).toMatch(/,1,No limit,yes$/);
    expect(csv).not.toMatch(/not_started|in_progress|rule_no_longer_matches/);
  });

  it('lays the PDF out on the render pool, named after the person', async () => {
    const { pdf, fileName } = await records.pdf(admin(), staff.T1);
    expect(pdfText(pdf).text).toContain('Record of learning: Maria Lopez');
    expect(fileName).toMatch(/^learning-record-lopez-maria-/);
    expect(await failure(records.pdf(self('T2'), staff.T1))).toEqual(await failure(records.record(self('T2'), staff.T1)));
  });

  it('prints a PDF whose first page summarizes and later pages list everything', async () => {
    const record = await records.record(admin(), staff.T1);
    const pdf = pdfText(await renderPersonRecordPdf({ record, cityName: 'Demo City', timeZone: 'America/New_York' }, { compress: false }));
    expect(pdf.pages).toBe(2);
    expect(pdf.text).toContain('Record of learning: Maria Lopez');
    expect(pdf.text).toContain('Cohort: TES planners');
    expect(pdf.text).toContain('Exemptions Course or track Reason Granted by On Equity foundations for all staff On leave until spring Emily Sullivan');
    expect(pdf.text).toContain('Extensions Course or track Was due Now due Reason Granted by On Equity basics');
    expect(pdf.text).toMatch(/Knowledge checks Course Knowledge check Attempts used Allowed Passed Equity basics .* 1 No limit Yes/);
    expect(pdf.text).toContain('Back from leave Emily Sullivan');
    expect(pdf.text).toContain('No longer matched the cohort’s rule');
    expect(pdf.text).not.toMatch(/rule_no_longer_matches|not_started/);
  });

  it('counts attempts used of allowed on a limited check, with every grant and who gave it', async () => {
    // Last in the file: the course's check now allows two attempts (the earlier specs read it as unlimited).
    await q(`UPDATE course_version v SET lessons = (SELECT jsonb_agg(CASE WHEN l->>'type' = 'knowledge-check' THEN jsonb_set(l, '{attempts}', '2') ELSE l END ORDER BY o)
                                                    FROM jsonb_array_elements(v.lessons) WITH ORDINALITY AS x(l, o))
              WHERE v.id = (SELECT current_version_id FROM course WHERE slug = 'equity-basics')`);
    const [e] = await q<{ id: string; slug: string; title: string }>(
      `INSERT INTO enrollment (staff_id, course_version_id, started_at) SELECT $1, c.current_version_id, now() - interval '2 days' FROM course c WHERE c.slug = 'equity-basics'
       RETURNING id, (SELECT l->>'slug' FROM course_version v, jsonb_array_elements(v.lessons) l WHERE v.id = course_version_id AND l->>'type' = 'knowledge-check' LIMIT 1) AS slug,
                     (SELECT l->>'title' FROM course_version v, jsonb_array_elements(v.lessons) l WHERE v.id = course_version_id AND l->>'type' = 'knowledge-check' LIMIT 1) AS title`,
      [staff.T2],
    );
    for (const attempt of [1, 2]) {
      await q(`INSERT INTO knowledge_check_attempt (enrollment_id, lesson_slug, attempt, answers, score, passed, submitted_at) VALUES ($1, $2, $3, '{}', 0, false, now() - interval '1 day')`, [e.id, e.slug, attempt]);
    }
    const allowance = async () => (await records.record(tesLead(), staff.T2)).knowledgeCheckAllowances;
    expect(await allowance()).toEqual([
      { course: expect.objectContaining({ slug: 'equity-basics' }), lessonSlug: e.slug, lessonTitle: e.title, attemptsUsed: 2, attemptsAllowed: 2, passed: false, courseRetired: false, grants: [] },
    ]);
    await q(`INSERT INTO knowledge_check_grant (enrollment_id, lesson_slug, extra_attempts, granted_by, granted_at) VALUES ($1, $2, 1, $3, now() - interval '1 hour')`, [e.id, e.slug, staff.T9]);
    await q(`INSERT INTO knowledge_check_grant (enrollment_id, lesson_slug, extra_attempts, granted_by) VALUES ($1, $2, 2, $3)`, [e.id, e.slug, staff.C1]);
    const [granted] = await allowance();
    expect(granted).toMatchObject({ attemptsUsed: 2, attemptsAllowed: 5, passed: false });
    expect(granted.grants.map((g) => [g.extraAttempts, g.by])).toEqual([
      [1, { id: staff.T9, firstName: 'Emily', lastName: 'Sullivan' }],
      [2, { id: staff.C1, firstName: 'Cy', lastName: 'Admin' }],
    ]);
    expect(granted.grants[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    // The CSV says it too: attempts used of allowed, with the grants counted.
    const csv = records.toCsv(await records.record(tesLead(), staff.T2)).trim().split('\r\n');
    expect(csv.filter((l) => l.startsWith('Knowledge check,'))).toEqual([expect.stringMatching(new RegExp(`,${e.title},2,5,no$`))]);
    // T1 passed on the first try: counted, nothing granted.
    expect((await records.record(tesLead(), staff.T1)).knowledgeCheckAllowances).toEqual([expect.objectContaining({ attemptsUsed: 1, attemptsAllowed: 2, passed: true, grants: [] })]);
    // Out of scope reads as no one, with nothing of the allowance.
    await expect(records.record(apdLead(), staff.T2)).rejects.toMatchObject({ status: 404 });
  });

  it('starts a new page when the list of assignments fills one', async () => {
    const record = await records.record(admin(), staff.T1);
    const many = Array.from({ length: 120 }, (_, i) => ({ ...record.assignments[0], id: `a${i}` }));
    const pdf = pdfText(await renderPersonRecordPdf({ record: { ...record, assignments: many }, cityName: 'Demo City', timeZone: 'America/New_York' }, { compress: false }));
    expect(pdf.pages).toBeGreaterThanOrEqual(4);
    expect(pdf.text).toContain('… and 108 more current assignments');
  });
});
