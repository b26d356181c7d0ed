import type { AttemptResult, CatalogCourse, CourseDetail, LessonContent, MyAssignment, MyCompetency, MyEnrollment, Problem, StoredLesson } from '@equip/shared/contracts';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { createSignIn } from '../support/fixtures';
import { Session } from '../support/http';

/**
 * A learner takes a whole course of the starter catalog on the running api: enrol, lessons in
 * order, a knowledge check failed then passed, a reflection, and what completion leaves behind.
 * The person is made for this journey, so nothing the other journeys use is touched.
 */
const COURSE = 'racial-equity-foundations';
const EMAIL = 'learning.journey@equip.demo';
const PASSWORD = 'a long learning journey passphrase';

const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = await res.json();
  expect({ status: res.status, body }).toEqual({ status, body: expect.anything() });
  return body as T;
};

describe('learning: a learner takes a whole course', () => {
  const learner = new Session();
  const lead = new Session();
  let client: Client;
  let staffId: string;
  let enrollment: MyEnrollment;
  /** The stored lessons, answers included, read from the database: the API never sends them first. */
  let stored: StoredLesson[];

  beforeAll(async () => {
    staffId = await createSignIn(EMAIL, PASSWORD);
    expect((await learner.signIn(EMAIL, PASSWORD)).status).toBe(200);
    expect((await lead.signIn('lead@equip.demo')).status).toBe(200);
    client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    const { rows } = await client.query(`SELECT v.lessons FROM course c JOIN course_version v ON v.id = c.current_version_id WHERE c.slug = $1`, [COURSE]);
    stored = rows[0].lessons;
  });

  afterAll(async () => {
    await client.end();
  });

  const base = () => `/api/learning/enrollments/${enrollment.id}/lessons`;

  it('finds the course in the catalog and its details', async () => {
    const found = await json<CatalogCourse[]>(await learner.get('/api/catalog/courses?search=foundations&audience=all-staff&tag=foundations'), 200);
    expect(found.map((c) => c.slug)).toContain(COURSE);
    const detail = await json<CourseDetail>(await learner.get(`/api/catalog/courses/${COURSE}`), 200);
    expect(detail).toMatchObject({ slug: COURSE, version: 1, missingPrerequisites: [], enrollment: null });
    expect(detail.lessons.map((l) => l.slug)).toEqual(stored.map((l) => l.slug));
    expect((await learner.get('/api/catalog/courses/no-such-course')).status).toBe(404);
  });

  it('enrols (201, then 200) and shows a self-enrolment assignment with no due date', async () => {
    enrollment = await json<MyEnrollment>(await learner.post(`/api/learning/courses/${COURSE}/enrol`), 201);
    expect(enrollment).toMatchObject({ courseSlug: COURSE, completedAt: null, resumeLesson: stored[0].slug });
    expect((await json<MyEnrollment>(await learner.post(`/api/learning/courses/${COURSE}/enrol`), 200)).id).toBe(enrollment.id);
    const assignments = await json<MyAssignment[]>(await learner.get('/api/learning/assignments'), 200);
    expect(assignments).toEqual([expect.objectContaining({ kind: 'course', slug: COURSE, dueOn: null, status: 'in_progress', enrollmentId: enrollment.id })]);
  });

  it('refuses a lesson that is not reachable yet, and one not in the course', async () => {
    const problem = await json<Problem>(await learner.post(`${base()}/${stored[1].slug}/complete`), 409);
    expect(problem.title ?? problem.detail).toBeTruthy();
    expect((await learner.get(`${base()}/${stored[1].slug}`)).status).toBe(409);
    expect((await learner.post(`${base()}/no-such-lesson/complete`)).status).toBe(404);
  });

  it('does not let an equity lead read the learner’s enrollment', async () => {
    expect((await lead.get(`/api/learning/enrollments/${enrollment.id}`)).status).toBe(404);
    expect((await lead.get(`${base()}/${stored[0].slug}`)).status).toBe(404);
  });

  it('takes the reading lessons in order', async () => {
    for (const lesson of stored.filter((l) => l.type === 'reading' || l.type === 'video')) {
      const content = await json<LessonContent>(await learner.get(`${base()}/${lesson.slug}`), 200);
      expect(content).toMatchObject({ slug: lesson.slug, state: 'available' });
      enrollment = await json<MyEnrollment>(await learner.post(`${base()}/${lesson.slug}/complete`), 200);
      expect(enrollment.lessons.find((l) => l.slug === lesson.slug)?.state).toBe('done');
    }
  });

  it('fails the knowledge check, then passes it; the answers come only with a result', async () => {
    const check = stored.find((l) => l.type === 'knowledge-check')!;
    if (check.type !== 'knowledge-check') throw new Error('no knowledge check');
    const content = await json<LessonContent>(await learner.get(`${base()}/${check.slug}`), 200);
    expect(JSON.stringify(content.knowledgeCheck)).not.toMatch(/"correct"|"feedback"/);
    expect(content.knowledgeCheck).toMatchObject({ attemptsUsed: 0, passed: false, lastAttempt: null, passMark: check.passMark });

    const unknown = await json<Problem & { errors: { field: string }[] }>(
      await learner.post(`${base()}/${check.slug}/attempts`, { answers: { nope: ['a'] } }),
      400,
    );
    expect(unknown.errors.map((e) => e.field)).toContain('answers.nope');

    const wrongAnswers = Object.fromEntries(check.questions.map((q) => [q.id, [q.options.find((o) => !o.correct)!.id]]));
    const failed = await json<AttemptResult>(await learner.post(`${base()}/${check.slug}/attempts`, { answers: wrongAnswers }), 201);
    expect(failed).toMatchObject({ attempt: 1, score: 0, passed: false, attemptsUsed: 1 });
    expect(failed.questions[0].options.some((o) => o.correct)).toBe(true);

    const rightAnswers = Object.fromEntries(check.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));
    const passed = await json<AttemptResult>(await learner.post(`${base()}/${check.slug}/attempts`, { answers: rightAnswers }), 201);
    expect(passed).toMatchObject({ attempt: 2, score: check.questions.length, passed: true });
    expect((await learner.post(`${base()}/${check.slug}/attempts`, { answers: rightAnswers })).status).toBe(409);
  });

  it('saves the reflection, which completes the course', async () => {
    const reflection = stored.find((l) => l.type === 'reflection')!;
    expect(stored.at(-1)?.slug).toBe(reflection.slug);
    const saved = await json<{ savedAt: string; enrollment: MyEnrollment }>(
      await learner.request('PUT', `${base()}/${reflection.slug}/reflection`, { text: 'The permit queue favours people who can visit in office hours.' }),
      200,
    );
    expect(saved.enrollment.completedAt).not.toBeNull();
    const content = await json<LessonContent>(await learner.get(`${base()}/${reflection.slug}`), 200);
    expect(content.reflection?.text).toBe('The permit queue favours people who can visit in office hours.');
    expect((await lead.get(`${base()}/${reflection.slug}`)).status).toBe(404);
  });

  it('shows the completed assignment and the competency awarded, and wrote the outbox event', async () => {
    const assignments = await json<MyAssignment[]>(await learner.get('/api/learning/assignments'), 200);
    expect(assignments).toEqual([expect.objectContaining({ slug: COURSE, status: 'completed' })]);
    expect(assignments[0].progress.done).toBe(assignments[0].progress.total);
    const competencies = await json<MyCompetency[]>(await learner.get('/api/learning/competencies'), 200);
    expect(competencies).toEqual([
      expect.objectContaining({ competency: 'racial-equity-foundations', level: 'Aware', source: expect.objectContaining({ kind: 'course', slug: COURSE }) }),
    ]);
    const { rows } = await client.query(`SELECT event, payload FROM outbox WHERE payload->>'staffId' = $1`, [staffId]);
    expect(rows).toEqual([{ event: 'course.completed', payload: { enrollmentId: enrollment.id, staffId, courseVersionId: expect.any(String) } }]);
    // The worker issues the certificate from that outbox row; it may already be there (one at most).
    expect((await json<{ slug: string }[]>(await learner.get('/api/learning/certificates'), 200)).filter((c) => c.slug !== COURSE)).toEqual([]);
    const tracks = await json<{ slug: string; steps: { course: { slug: string }; status: string }[] }[]>(await learner.get('/api/learning/tracks'), 200);
    const foundations = tracks.find((t) => t.slug === 'all-staff-foundations')!;
    expect(foundations.steps.find((s) => s.course.slug === COURSE)?.status).toBe('completed');
  });
});
