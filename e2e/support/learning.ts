import type { MyEnrollment, StoredLesson } from '@equip/shared/contracts';
import { Client } from 'pg';
import { Session } from './http';

/** A staff member ("Test Person", in HR) with a password, made straight in `databaseUrl` (the e2e database, or a stack's of its own). */
export async function createLearner(databaseUrl: string, email: string, password: string): Promise<string> {
  const argon2 = await import('argon2');
  const hash = await argon2.hash(password, { type: argon2.argon2id });
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `WITH person AS (
         INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
         VALUES ('E2E-' || substr(md5($1), 1, 10), $1, 'Test', 'Person', (SELECT id FROM department WHERE code = 'HR'))
         RETURNING id)
       INSERT INTO account (staff_id, password_hash) SELECT id, $2 FROM person RETURNING staff_id`,
      [email, hash],
    );
    return rows[0].staff_id;
  } finally {
    await client.end();
  }
}

async function ok<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Takes a whole course through the api as its learner would: enrols, then does every lesson in
 * order (reading and video marked done, the knowledge check answered right, a reflection written,
 * the attestation affirmed). The stored lessons (answers included) are read from `databaseUrl`.
 */
export async function completeCourse(session: Session, databaseUrl: string, slug: string): Promise<MyEnrollment> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let lessons: StoredLesson[];
  try {
    const { rows } = await client.query(`SELECT v.lessons FROM course c JOIN course_version v ON v.id = c.current_version_id WHERE c.slug = $1`, [slug]);
    lessons = rows[0].lessons;
  } finally {
    await client.end();
  }
  let enrollment = await ok<MyEnrollment>(await session.post(`/api/learning/courses/${slug}/enrol`), `enrol in ${slug}`);
  const base = `/api/learning/enrollments/${enrollment.id}/lessons`;
  for (const lesson of lessons) {
    const at = `${base}/${lesson.slug}`;
    if (lesson.type === 'knowledge-check') {
      const answers = Object.fromEntries(lesson.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));
      await ok(await session.post(`${at}/attempts`, { answers }), `answer ${lesson.slug}`);
      enrollment = await ok<MyEnrollment>(await session.get(`/api/learning/enrollments/${enrollment.id}`), 'read the enrollment');
    } else if (lesson.type === 'reflection') {
      enrollment = (await ok<{ enrollment: MyEnrollment }>(await session.request('PUT', `${at}/reflection`, { text: 'What I will change in my own work.' }), `reflect in ${lesson.slug}`)).enrollment;
    } else if (lesson.type === 'attestation') {
      enrollment = (await ok<{ enrollment: MyEnrollment }>(await session.post(`${at}/attestation`, { affirm: true }), `affirm ${lesson.slug}`)).enrollment;
    } else {
      enrollment = await ok<MyEnrollment>(await session.post(`${at}/complete`), `complete ${lesson.slug}`);
    }
  }
  if (!enrollment.completedAt) throw new Error(`${slug} is not complete after every lesson`);
  return enrollment;
}
