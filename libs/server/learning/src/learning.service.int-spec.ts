import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource } from '@equip/server/database';
import { DomainError } from '@equip/server/http';
import { createTestDatabase, TestDatabase, testConfig } from '@equip/server/testing';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nextCycleDueOn } from '@equip/shared/domain';
import { DataSource } from 'typeorm';
import { CourseCompletion } from './course-completion';
import { KnowledgeCheckGrantsService } from './knowledge-check-grants.service';
import { KnowledgeCheckRepository } from './knowledge-check.repository';
import { LearningRepository } from './learning.repository';
import { LearningService } from './learning.service';

/**
 * The learner's use cases on a real PostgreSQL, with the catalog lib's valid fixture published:
 * `equity-basics` (welcome, history video, check, optional reflection, commitment attestation;
 * the check allows 2 attempts here) and `community-engagement` (needs equity-basics); the track
 * `all-staff-foundations` needs only equity-basics.
 */
const config = testConfig({ cityTimeZone: 'America/New_York' });

describe('LearningService against PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let repository: LearningRepository;
  let service: LearningService;
  let grants: KnowledgeCheckGrantsService;
  const dir = mkdtempSync(join(tmpdir(), 'equip-learning-'));
  let department: string;

  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => dataSource.query(sql, params);
  const person = async (key: string): Promise<string> =>
    (await query<{ id: string }>(`INSERT INTO staff (employee_id, email, first_name, last_name, department_id) VALUES ($1, $1 || '@x.org', $1, 'Test', $2) RETURNING id`, [key, department]))[0].id;
  /** The error a promise rejects with: its status, message and field errors. */
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
    return { status: error.status, message: error.message, errors: error.errors };
  };
  const right = { q1: ['b'], q2: ['a', 'b'] };
  const wrong = { q1: ['a'], q2: ['a'] };

  beforeAll(async () => {
    cpSync(join(__dirname, '../../catalog/src/content/__fixtures__/valid'), dir, { recursive: true });
    const check = join(dir, 'courses/equity-basics/03-check.md');
    writeFileSync(check, readFileSync(check, 'utf8').replace('attempts: 0', 'attempts: 2'));
    db = await createTestDatabase();
    dataSource = await createDataSource({ databaseUrl: db.url }).initialize();
    const outcome = await new CatalogSyncService(dataSource, new CatalogRepository(), new AuditService(dataSource)).syncFromDirectory(dir);
    expect(outcome.problems).toEqual([]);
    department = (await query<{ id: string }>(`INSERT INTO department (code, name, path) VALUES ('HR', 'Human resources', '/') RETURNING id`))[0].id;
    repository = new LearningRepository(config);
    service = new LearningService(dataSource, repository, new CourseCompletion(repository), new KnowledgeCheckRepository(), testConfig({ cityTimeZone: 'America/New_York', appUrl: 'https://equip.city.example' }));
    grants = new KnowledgeCheckGrantsService(dataSource, new KnowledgeCheckRepository(), new AuditService(dataSource));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the published catalog with search and filters', async () => {
    expect((await service.catalog({})).map((c) => c.slug)).toEqual(['community-engagement', 'equity-basics']);
    expect((await service.catalog({ search: 'words we use' })).map((c) => c.slug)).toEqual(['equity-basics']);
    expect((await service.catalog({ audience: 'managers' })).map((c) => c.slug)).toEqual(['community-engagement']);
    expect((await service.catalog({ competency: 'community-engagement' })).map((c) => c.slug)).toEqual(['community-engagement']);
    expect((await service.catalog({ tag: 'definitions' })).map((c) => c.slug)).toEqual(['equity-basics']);
    const [engagement] = await service.catalog({ audience: 'managers' });
    expect(engagement).toMatchObject({
      prerequisites: [{ slug: 'equity-basics', title: 'Equity basics' }],
      competencies: [{ competency: 'community-engagement', level: 'Aware', competencyName: 'Community engagement' }],
      lessonCount: 1,
    });
  });

  it('lists assigned work before it is started with its lesson count, minutes, first lesson and who assigned it', async () => {
    const grace = await person('grace');
    const lead = await person('lead');
    const [cohort] = await query<{ id: string }>(`INSERT INTO cohort (name, department_id, kind) VALUES ('HR all staff', $1, 'static') RETURNING id`, [department]);
    await query(
      `INSERT INTO assignment (staff_id, course_id, sources, due_on)
       SELECT $1, c.id, jsonb_build_array(jsonb_build_object('kind', 'cohort', 'cohortId', $2::uuid), jsonb_build_object('kind', 'person', 'assignedBy', $3::text)), city_today() + 14
         FROM course c WHERE c.slug = 'equity-basics'`,
      [grace, cohort.id, lead],
    );
    const [assignment] = await service.assignments(grace);
    expect(assignment).toMatchObject({
      slug: 'equity-basics',
      status: 'not_started',
      // never "0 of 0": the current version's required lessons
      progress: { done: 0, total: 4 },
      estimatedMinutes: expect.any(Number),
      firstLessonSlug: 'welcome',
      completedAt: null,
      certificateId: null,
      sources: [
        { kind: 'cohort', cohort: { id: cohort.id, name: 'HR all staff' } },
        { kind: 'person', assignedBy: { id: lead, firstName: 'lead', lastName: 'Test' } },
      ],
    });
    expect(assignment.estimatedMinutes).toBeGreaterThan(0);
    expect(assignment.missingPrerequisites).toEqual([]);
  });

  it('names the prerequisite to finish first on assigned work that cannot be started yet, until it is done', async () => {
    const hana = await person('hana');
    await query(`INSERT INTO assignment (staff_id, course_id, due_on) SELECT $1, c.id, city_today() + 30 FROM course c WHERE c.slug = 'community-engagement'`, [hana]);
    const [before] = await service.assignments(hana);
    expect(before).toMatchObject({ slug: 'community-engagement', missingPrerequisites: [{ slug: 'equity-basics', title: 'Equity basics' }] });
    await query(
      `INSERT INTO enrollment (staff_id, course_version_id, completed_at) SELECT $1, c.current_version_id, now() FROM course c WHERE c.slug = 'equity-basics'`,
      [hana],
    );
    const after = (await service.assignments(hana)).find((a) => a.slug === 'community-engagement');
    expect(after?.missingPrerequisites).toEqual([]);
  });

  describe('one learner taking equity-basics', () => {
    let ada: string;
    let other: string;
    let enrollmentId: string;

    beforeAll(async () => {
      ada = await person('ada');
      other = await person('other');
    });

    it('refuses a course whose prerequisites are not completed, naming them', async () => {
      expect(await failure(service.enrol(ada, 'community-engagement'))).toMatchObject({ status: 409, message: 'Complete Equity basics first' });
      expect((await service.courseDetail(ada, 'community-engagement')).missingPrerequisites).toEqual([{ slug: 'equity-basics', title: 'Equity basics' }]);
    });

    it('enrols once, pinned to the current version, with a self-enrolment assignment', async () => {
      const first = await service.enrol(ada, 'equity-basics');
      expect(first.created).toBe(true);
      expect(first.enrollment).toMatchObject({ courseSlug: 'equity-basics', version: 1, completedAt: null, resumeLesson: 'welcome' });
      expect(first.enrollment.lessons.map((l) => l.state)).toEqual(['available', 'locked', 'locked', 'locked', 'locked']);
      enrollmentId = first.enrollment.id;
      const again = await service.enrol(ada, 'equity-basics');
      expect(again).toEqual({ created: false, enrollment: first.enrollment });
      expect(await query(`SELECT due_on, sources FROM assignment WHERE staff_id = $1`, [ada])).toEqual([{ due_on: null, sources: [{ kind: 'self' }] }]);
      const [assignment] = await service.assignments(ada);
      expect(assignment).toMatchObject({ kind: 'course', slug: 'equity-basics', dueOn: null, status: 'in_progress', progress: { done: 0, total: 4 }, enrollmentId });
    });

    it('answers 404 for someone else’s enrollment and for a lesson not in the version', async () => {
      expect((await failure(service.enrollment(other, enrollmentId))).status).toBe(404);
      expect((await failure(service.complete(other, enrollmentId, 'welcome'))).status).toBe(404);
      expect((await failure(service.complete(ada, enrollmentId, 'intro'))).status).toBe(404);
    });

    it('refuses a lesson that is not reachable yet, and `complete` on a knowledge check', async () => {
      expect(await failure(service.complete(ada, enrollmentId, 'history'))).toMatchObject({ status: 409 });
      expect((await failure(service.lesson(ada, enrollmentId, 'history'))).status).toBe(409);
      expect((await failure(service.submitAttempt(ada, enrollmentId, 'check', right))).status).toBe(409);
    });

    it('records a lesson marked done by two tabs at once exactly once', async () => {
      const [a, b] = await Promise.all([service.complete(ada, enrollmentId, 'welcome'), service.complete(ada, enrollmentId, 'welcome')]);
      expect(a.lessons[0].state).toBe('done');
      expect(b.resumeLesson).toBe('history');
      expect(await query(`SELECT lesson_slug FROM lesson_progress WHERE enrollment_id = $1`, [enrollmentId])).toEqual([{ lesson_slug: 'welcome' }]);
      await service.complete(ada, enrollmentId, 'history');
      expect((await failure(service.complete(ada, enrollmentId, 'check'))).status).toBe(400);
    });

    it('sends a knowledge check without its answers', async () => {
      const lesson = await service.lesson(ada, enrollmentId, 'check');
      expect(lesson.knowledgeCheck).toMatchObject({ passMark: 1, attemptsAllowed: 2, attemptsUsed: 0, passed: false, lastAttempt: null });
      expect(lesson.knowledgeCheck!.questions[0]).toEqual({
        id: 'q1',
        prompt: 'Which describes equity?',
        kind: 'single',
        options: [
          { id: 'a', text: 'Everyone gets the same thing.' },
          { id: 'b', text: 'Everyone gets what they need to thrive.' },
        ],
      });
      expect(JSON.stringify(lesson)).not.toMatch(/correct|feedback|That is equality/);
    });

    it('refuses answers that cannot be scored, naming the field', async () => {
      expect(await failure(service.submitAttempt(ada, enrollmentId, 'check', { ...right, q9: ['a'] }))).toMatchObject({
        status: 400,
        errors: [{ field: 'answers.q9', message: 'There is no question q9 in this knowledge check' }],
      });
      expect((await failure(service.submitAttempt(ada, enrollmentId, 'check', { q1: ['b'] }))).errors).toEqual([{ field: 'answers.q2', message: 'Question q2 needs an answer' }]);
      expect((await failure(service.submitAttempt(ada, enrollmentId, 'check', { q1: ['z'], q2: ['a'] }))).errors![0].field).toBe('answers.q1');
      expect((await failure(service.submitAttempt(ada, enrollmentId, 'check', { q1: ['a', 'b'], q2: ['a'] }))).status).toBe(400);
      expect(await query(`SELECT * FROM knowledge_check_attempt`)).toEqual([]);
    });

    it('scores on the server, shows the answers after an attempt, and refuses another after a pass', async () => {
      const failed = await service.submitAttempt(ada, enrollmentId, 'check', wrong);
      expect(failed).toMatchObject({ attempt: 1, score: 0, passed: false, attemptsUsed: 1, attemptsAllowed: 2 });
      expect(failed.questions[0].options[1]).toEqual({ id: 'b', chosen: false, correct: true, feedback: 'Yes.' });
      expect(failed.enrollment.lessons[2].state).toBe('available');
      const passed = await service.submitAttempt(ada, enrollmentId, 'check', right);
      expect(passed).toMatchObject({ attempt: 2, score: 2, passed: true, attemptsUsed: 2 });
      expect(passed.enrollment.lessons[2].state).toBe('done');
      expect(await failure(service.submitAttempt(ada, enrollmentId, 'check', right))).toMatchObject({ status: 409, message: 'This knowledge check is already passed' });
      expect((await service.lesson(ada, enrollmentId, 'check')).knowledgeCheck).toMatchObject({ passed: true, attemptsUsed: 2, lastAttempt: { attempt: 2, passed: true } });
    });

    it('keeps a reflection readable by its author only', async () => {
      const saved = await service.saveReflection(ada, enrollmentId, 'reflect', 'In permitting, the map still shows.');
      expect(saved.enrollment.lessons[3].state).toBe('done');
      expect((await service.lesson(ada, enrollmentId, 'reflect')).reflection).toEqual({
        prompt: 'Where do you see these patterns in your own work?',
        text: 'In permitting, the map still shows.',
        savedAt: saved.savedAt,
      });
      expect(await repository.reflection(dataSource.manager, other, enrollmentId, 'reflect')).toBeUndefined();
      expect((await failure(service.lesson(other, enrollmentId, 'reflect'))).status).toBe(404);
      expect((await failure(service.saveReflection(other, enrollmentId, 'reflect', 'x'))).status).toBe(404);
    });

    it('refuses a reflection with no words, naming the field, and keeps what was saved', async () => {
      for (const text of ['', '   \n\t ']) {
        expect(await failure(service.saveReflection(ada, enrollmentId, 'reflect', text))).toMatchObject({
          status: 400,
          errors: [{ field: 'text', message: 'Write something to complete this lesson' }],
        });
      }
      expect((await service.lesson(ada, enrollmentId, 'reflect')).reflection?.text).toBe('In permitting, the map still shows.');
    });

    it('completes the course and the track it finishes in one transaction with their outbox events and awards', async () => {
      const { enrollment } = await service.affirm(ada, enrollmentId, 'commit');
      expect(enrollment.completedAt).not.toBeNull();
      expect(enrollment.resumeLesson).toBeNull();
      const [row] = await query<{ completed_at: Date; score: number }>(`SELECT completed_at, score FROM enrollment WHERE id = $1`, [enrollmentId]);
      expect(row.score).toBe(100);
      const outbox = await query<{ event: string; payload: Record<string, string> }>(`SELECT event, payload FROM outbox ORDER BY id`);
      const [{ versionId, trackId }] = await query<{ versionId: string; trackId: string }>(
        `SELECT c.current_version_id AS "versionId", (SELECT id FROM track WHERE slug = 'all-staff-foundations') AS "trackId" FROM course c WHERE slug = 'equity-basics'`,
      );
      expect(outbox).toEqual([
        { event: 'course.completed', payload: { enrollmentId, staffId: ada, courseVersionId: versionId } },
        { event: 'track.completed', payload: { trackCompletionId: expect.any(String), staffId: ada, trackId } },
      ]);
      expect(await query(`SELECT k.slug, a.level, a.level_rank, a.source_kind FROM competency_award a JOIN competency k ON k.id = a.competency_id WHERE a.staff_id = $1 ORDER BY a.level_rank`, [ada])).toEqual([
        { slug: 'racial-equity-foundations', level: 'Aware', level_rank: 0, source_kind: 'course' },
        { slug: 'racial-equity-foundations', level: 'Practicing', level_rank: 1, source_kind: 'track' },
      ]);
      expect(await query(`SELECT count(*)::int AS n FROM track_completion WHERE staff_id = $1`, [ada])).toEqual([{ n: 1 }]);
      expect((await service.assignments(ada))[0]).toMatchObject({ status: 'completed', progress: { done: 4, total: 4 } });
      expect(await service.competencies(ada)).toEqual([
        {
          competency: 'racial-equity-foundations',
          name: 'Racial equity foundations',
          level: 'Practicing',
          awardedAt: expect.any(String),
          source: { kind: 'track', slug: 'all-staff-foundations', title: 'Equity foundations for all staff' },
        },
      ]);
      const [track] = await service.tracks(ada);
      expect(track).toMatchObject({
        slug: 'all-staff-foundations',
        completedAt: expect.any(String),
        steps: [
          { course: { slug: 'equity-basics', title: 'Equity basics' }, optional: false, status: 'completed' },
          { course: { slug: 'community-engagement', title: 'Community engagement' }, optional: true, status: 'not_enrolled' },
        ],
        awards: { competency: 'racial-equity-foundations', level: 'Practicing', competencyName: 'Racial equity foundations' },
      });
      expect(await service.certificates(ada)).toEqual([]);
      // Doing a done lesson again changes nothing and announces nothing.
      await service.affirm(ada, enrollmentId, 'commit');
      expect(await query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 2 }]);
      // The prerequisite is now met.
      expect((await service.enrol(ada, 'community-engagement')).created).toBe(true);
    });
  });

  it('refuses attempts beyond the limit', async () => {
    const bo = await person('bo');
    const { enrollment } = await service.enrol(bo, 'equity-basics');
    await service.complete(bo, enrollment.id, 'welcome');
    await service.complete(bo, enrollment.id, 'history');
    await service.submitAttempt(bo, enrollment.id, 'check', wrong);
    await service.submitAttempt(bo, enrollment.id, 'check', wrong);
    expect(await failure(service.submitAttempt(bo, enrollment.id, 'check', right))).toMatchObject({ status: 409, message: 'No attempts left: 2 allowed' });
    expect(await query(`SELECT count(*)::int AS n FROM knowledge_check_attempt WHERE enrollment_id = $1`, [enrollment.id])).toEqual([{ n: 2 }]);
  });

  describe('more attempts: asking the lead and granting', () => {
    let cy: string;
    let lead: string;
    let enrollmentId: string;
    const leadScope = () => ({ kind: 'departments' as const, actorId: lead, rootDepartmentIds: [department] });
    const mails = (id: string) =>
      query<{ to: string; subject: string; key: string }>(
        `SELECT payload->>'to' AS to, payload->>'subject' AS subject, payload->>'key' AS key FROM outbox WHERE event = 'mail.queued' AND payload->>'key' LIKE $1 ORDER BY id`,
        [`more-attempts:${id}:%`],
      );

    beforeAll(async () => {
      cy = await person('kc-learner');
      lead = await person('kc-lead');
      await query(`INSERT INTO role_grant (staff_id, role, department_id) VALUES ($1, 'equity_lead', $2)`, [lead, department]);
      enrollmentId = (await service.enrol(cy, 'equity-basics')).enrollment.id;
      await service.complete(cy, enrollmentId, 'welcome');
      await service.complete(cy, enrollmentId, 'history');
    });

    it('refuses asking while attempts are left, and writes nothing', async () => {
      await service.submitAttempt(cy, enrollmentId, 'check', wrong);
      expect(await failure(service.askForMoreAttempts(cy, enrollmentId, 'check'))).toMatchObject({ status: 409, message: 'You still have attempts left at this knowledge check' });
      expect(await failure(service.askForMoreAttempts(cy, enrollmentId, 'welcome'))).toMatchObject({ status: 400, errors: [{ field: 'lessonSlug' }] });
      expect((await failure(service.askForMoreAttempts(lead, enrollmentId, 'check'))).status).toBe(404);
      expect(await mails(enrollmentId)).toEqual([]);
    });

    it('mails the lead once, however often the learner asks, and lists the request for the lead only', async () => {
      await service.submitAttempt(cy, enrollmentId, 'check', wrong);
      expect((await service.lesson(cy, enrollmentId, 'check')).knowledgeCheck).toMatchObject({ attemptsUsed: 2, attemptsAllowed: 2, moreAttemptsRequestedAt: null });
      const [first, second] = await Promise.all([service.askForMoreAttempts(cy, enrollmentId, 'check'), service.askForMoreAttempts(cy, enrollmentId, 'check')].map((p) => p.catch((e: unknown) => e)));
      const answers = [first, second] as { alreadyAsked: boolean; asked: number; requestedAt: string }[];
      expect(answers.map((a) => a.alreadyAsked).sort()).toEqual([false, true]);
      expect(answers.map((a) => a.asked).sort()).toEqual([0, 1]);
      expect(answers[0].requestedAt).toBe(answers[1].requestedAt);
      expect(await mails(enrollmentId)).toEqual([{ to: 'kc-lead@x.org', subject: 'kc-learner Test asks for another attempt at a knowledge check', key: expect.stringContaining(':check:2:') }]);
      expect((await service.lesson(cy, enrollmentId, 'check')).knowledgeCheck?.moreAttemptsRequestedAt).toBe(answers[0].requestedAt);
      const waiting = await grants.requests(leadScope());
      expect(waiting).toEqual([
        expect.objectContaining({ staff: expect.objectContaining({ id: cy }), course: { slug: 'equity-basics', title: 'Equity basics' }, lesson: { slug: 'check', title: expect.any(String) }, attemptsUsed: 2, attemptsAllowed: 2 }),
      ]);
      const elsewhere = (await query<{ id: string }>(`INSERT INTO department (code, name, path) VALUES ('PK', 'Parks', '/pk/') RETURNING id`))[0].id;
      expect(await grants.requests({ kind: 'departments', actorId: lead, rootDepartmentIds: [elsewhere] })).toEqual([]);
    });

    it('refuses bad grants, outside the scope and to oneself, writing nothing', async () => {
      const grant = { staffId: cy, courseSlug: 'equity-basics', lessonSlug: 'check', extraAttempts: 1 };
      const elsewhere = (await query<{ id: string }>(`SELECT id FROM department WHERE code = 'PK'`))[0].id;
      expect((await failure(grants.grant({ kind: 'departments', actorId: lead, rootDepartmentIds: [elsewhere] }, grant))).status).toBe(404);
      expect((await failure(grants.grant({ kind: 'departments', actorId: cy, rootDepartmentIds: [department] }, grant))).status).toBe(404);
      expect(await failure(grants.grant(leadScope(), { ...grant, lessonSlug: 'welcome' }))).toMatchObject({ status: 400, errors: [{ field: 'lessonSlug' }] });
      expect(await failure(grants.grant(leadScope(), { ...grant, courseSlug: 'community-engagement' }))).toMatchObject({ status: 400, errors: [{ field: 'courseSlug' }] });
      expect(await query(`SELECT count(*)::int AS n FROM knowledge_check_grant`)).toEqual([{ n: 0 }]);
      expect(await query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'knowledge_check.attempts_granted'`)).toEqual([{ n: 0 }]);
    });

    it('a grant lets the learner attempt again and pass, is audited, and closes the request', async () => {
      expect(await grants.grant(leadScope(), { staffId: cy, courseSlug: 'equity-basics', lessonSlug: 'check', extraAttempts: 1 }, '10.0.0.1')).toEqual({ attemptsAllowed: 3, attemptsUsed: 2 });
      expect((await service.lesson(cy, enrollmentId, 'check')).knowledgeCheck).toMatchObject({ attemptsAllowed: 3, moreAttemptsRequestedAt: null });
      expect(await grants.requests(leadScope())).toEqual([]);
      const passed = await service.submitAttempt(cy, enrollmentId, 'check', right);
      expect(passed).toMatchObject({ passed: true, attempt: 3, attemptsAllowed: 3 });
      expect(await failure(grants.grant(leadScope(), { staffId: cy, courseSlug: 'equity-basics', lessonSlug: 'check', extraAttempts: 1 }))).toMatchObject({ status: 409 });
      expect(await query(`SELECT actor_id AS "actorId", subject_type AS "subjectType", subject_id AS "subjectId", after->>'extraAttempts' AS extra, department_id AS "departmentId" FROM audit_event WHERE action = 'knowledge_check.attempts_granted'`)).toEqual([
        { actorId: lead, subjectType: 'staff', subjectId: cy, extra: '1', departmentId: department },
      ]);
    });
  });

  it('commits nothing of a completion when writing its outbox event fails', async () => {
    const cy = await person('cy');
    const { enrollment } = await service.enrol(cy, 'equity-basics');
    for (const lesson of ['welcome', 'history']) await service.complete(cy, enrollment.id, lesson);
    await service.submitAttempt(cy, enrollment.id, 'check', right);
    const outbox = jest.spyOn(repository, 'outbox').mockRejectedValueOnce(new Error('disk full'));
    await expect(service.affirm(cy, enrollment.id, 'commit')).rejects.toThrow('disk full');
    outbox.mockRestore();
    expect(await query(`SELECT completed_at FROM enrollment WHERE id = $1`, [enrollment.id])).toEqual([{ completed_at: null }]);
    expect(await query(`SELECT * FROM attestation WHERE enrollment_id = $1`, [enrollment.id])).toEqual([]);
    expect(await query(`SELECT * FROM competency_award WHERE staff_id = $1`, [cy])).toEqual([]);
    expect(await query(`SELECT completed_at FROM assignment WHERE staff_id = $1`, [cy])).toEqual([{ completed_at: null }]);
  });

  it('answers 409 for actions on an enrollment in a retired course, and 404 in the catalog', async () => {
    const di = await person('di');
    const { enrollment } = await service.enrol(di, 'equity-basics');
    await query(`UPDATE course SET archived_at = now() WHERE slug = 'equity-basics'`);
    try {
      expect(await failure(service.complete(di, enrollment.id, 'welcome'))).toMatchObject({ status: 409, message: 'This course has been retired' });
      expect((await failure(service.enrol(di, 'equity-basics'))).status).toBe(409);
      expect((await failure(service.courseDetail(di, 'equity-basics'))).status).toBe(404);
      expect((await service.catalog({})).map((c) => c.slug)).toEqual(['community-engagement']);
      expect((await service.enrollment(di, enrollment.id)).id).toBe(enrollment.id);
    } finally {
      await query(`UPDATE course SET archived_at = NULL WHERE slug = 'equity-basics'`);
    }
  });

  it('keeps a learner in progress on the version they started when a lesson is edited and published', async () => {
    const ed = await person('ed');
    const { enrollment } = await service.enrol(ed, 'equity-basics');
    await service.complete(ed, enrollment.id, 'welcome');
    const welcome = join(dir, 'courses/equity-basics/01-welcome.md');
    const before = readFileSync(welcome, 'utf8');
    writeFileSync(welcome, before.replace('Equity and equality are not the same.', 'Equity and equality are not the same. Edited for the second version.'));
    try {
      const sync = new CatalogSyncService(dataSource, new CatalogRepository(), new AuditService(dataSource));
      expect((await sync.syncFromDirectory(dir)).problems).toEqual([]);
      const versions = await query<{ version: number }>(
        `SELECT v.version FROM course_version v JOIN course c ON c.id = v.course_id WHERE c.slug = 'equity-basics' ORDER BY v.version`,
      );
      expect(versions.map((v) => v.version)).toEqual([1, 2]);

      const mine = await service.enrollment(ed, enrollment.id);
      expect(mine.version).toBe(1);
      expect(mine.lessons.find((l) => l.slug === 'welcome')?.state).toBe('done');
      expect((await service.lesson(ed, enrollment.id, 'welcome')).html).not.toContain('Edited for the second version');

      const fay = await person('fay');
      const fresh = await service.enrol(fay, 'equity-basics');
      expect(fresh.enrollment.version).toBe(2);
      expect((await service.lesson(fay, fresh.enrollment.id, 'welcome')).html).toContain('Edited for the second version');
    } finally {
      writeFileSync(welcome, before);
    }
  });

  it('opens the next cycle of a recurring assignment when one is completed, keeping the completed one as history', async () => {
    const cyclist = await person('CYCLE');
    const [course] = await query<{ id: string }>(`SELECT id FROM course WHERE slug = 'equity-basics'`);
    await query(`INSERT INTO assignment (staff_id, course_id, due_on, sources, recurrence_months) VALUES ($1, $2, city_today(), '[{"kind":"cohort","cohortId":"c1"}]', 12)`, [cyclist, course.id]);
    await dataSource.transaction((manager) => repository.completeAssignment(manager, cyclist, { courseId: course.id }));
    const rows = await query<{ cycle: number; completed_at: Date | null; due_on: string; sources: unknown; previous_assignment_id: string | null; id: string }>(
      `SELECT id, cycle, completed_at, to_char(due_on, 'YYYY-MM-DD') AS due_on, sources, previous_assignment_id FROM assignment WHERE staff_id = $1 ORDER BY cycle`,
      [cyclist],
    );
    expect(rows.map((r) => [r.cycle, r.completed_at !== null])).toEqual([[1, true], [2, false]]);
    expect(rows[1]).toMatchObject({ previous_assignment_id: rows[0].id, sources: [{ kind: 'cohort', cohortId: 'c1' }] });
    expect(rows[1].due_on).toBe(nextCycleDueOn(rows[0].completed_at as Date, 12, config.cityTimeZone));
  });

  it.each([
    // [due day, instant, overdue]: 23:59 and 00:00 in New York, in winter (EST) and in summer (EDT)
    ['2026-12-18', '2026-12-19T04:59:00Z', false],
    ['2026-12-18', '2026-12-19T05:00:00Z', true],
    ['2026-07-14', '2026-07-15T03:59:00Z', false],
    ['2026-07-14', '2026-07-15T04:00:00Z', true],
  ])('shows the learner the due day %s as written, overdue at %s: %s', async (dueOn, at, overdue) => {
    const who = await person(`DUE-${at}`);
    const [course] = await query<{ id: string }>(`SELECT id FROM course WHERE slug = 'equity-basics'`);
    await query(`INSERT INTO assignment (staff_id, course_id, due_on, sources) VALUES ($1, $2, $3, '[{"kind":"self"}]')`, [who, course.id, dueOn]);
    const [mine] = await service.assignments(who, new Date(at));
    expect(mine).toMatchObject({ dueOn, status: overdue ? 'overdue' : 'not_started' });
  });
});
