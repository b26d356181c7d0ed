import { Client } from 'pg';
import { e2e } from './environment';
import { createLearner } from './learning';

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
export function createSignIn(email: string, password: string): Promise<string> {
  return createLearner(e2e().databaseUrl, email, password);
}
