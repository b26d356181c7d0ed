import { Client } from 'pg';
import { e2e } from './environment';

/** Ids of people and departments in the seeded demo city, for journeys that need concrete targets. */
export interface DemoCity {
  /** The equity lead's department (TES) and one staff member in its subtree who is not the lead. */
  ownDepartmentId: string;
  ownStaffId: string;
  /** A department outside the lead's scope (Police) and one of its staff. */
  otherDepartmentId: string;
  otherStaffId: string;
  learnerId: string;
  leadId: string;
  adminId: string;
  viewerId: string;
}

export async function demoCity(): Promise<DemoCity> {
  const client = new Client({ connectionString: e2e().databaseUrl });
  await client.connect();
  try {
    const one = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0].id as string;
    const byEmail = (email: string) => one('SELECT id FROM staff WHERE email = $1', [email]);
    const ownDepartmentId = await one(`SELECT id FROM department WHERE code = 'TES'`);
    const otherDepartmentId = await one(`SELECT id FROM department WHERE code = 'APD'`);
    const leadId = await byEmail('lead@equip.demo');
    const inSubtree = (departmentId: string) =>
      one(
        `SELECT s.id FROM staff s JOIN department d ON d.id = s.department_id
          WHERE d.path LIKE (SELECT path FROM department WHERE id = $1) || '%' AND s.active AND s.id <> $2
          ORDER BY s.employee_id LIMIT 1`,
        [departmentId, leadId],
      );
    return {
      ownDepartmentId,
      otherDepartmentId,
      ownStaffId: await inSubtree(ownDepartmentId),
      otherStaffId: await inSubtree(otherDepartmentId),
      learnerId: await byEmail('learner@equip.demo'),
      leadId,
      adminId: await byEmail('admin@equip.demo'),
      viewerId: await byEmail('viewer@equip.demo'),
    };
  } finally {
    await client.end();
  }
}

/** A staff member with a password of their own, for journeys that must not disturb the demo logins (lockouts). */
export async function createSignIn(email: string, password: string): Promise<string> {
  const argon2 = await import('argon2');
  const hash = await argon2.hash(password, { type: argon2.argon2id });
  const client = new Client({ connectionString: e2e().databaseUrl });
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
