import type { StaffScope } from '@equip/shared/domain';
import { createTestDatabase, TestDatabase } from '@equip/server/testing';
import { Client } from 'pg';
import { departmentScopeCondition, staffScopeCondition } from '@equip/server/database';

/**
 * A small city: PW (with division PW-STR), POL. Staff: lead in PW, worker in PW-STR, officer in POL.
 */
describe('scope conditions', () => {
  let db: TestDatabase;
  let client: Client;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    const dept = async (code: string, parent?: string) => {
      const { rows } = await client.query(
        `INSERT INTO department (code, name, parent_id, path)
         VALUES ($1, $1, $2, '') RETURNING id`,
        [code, parent ? ids[parent] : null],
      );
      ids[code] = rows[0].id;
      const parentPath = parent ? (await client.query('SELECT path FROM department WHERE id = $1', [ids[parent]])).rows[0].path : '/';
      await client.query('UPDATE department SET path = $2 WHERE id = $1', [ids[code], `${parentPath}${ids[code]}/`]);
    };
    await dept('PW');
    await dept('PW-STR', 'PW');
    await dept('POL');
    const person = async (key: string, code: string) => {
      const { rows } = await client.query(
        `INSERT INTO staff (employee_id, email, first_name, last_name, department_id) VALUES ($1, $1 || '@x.org', $1, $1, $2) RETURNING id`,
        [key, ids[code]],
      );
      ids[key] = rows[0].id;
    };
    await person('lead', 'PW');
    await person('worker', 'PW-STR');
    await person('officer', 'POL');
  });

  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  async function visible(scope: StaffScope): Promise<string[]> {
    const params: unknown[] = [];
    const { rows } = await client.query(`SELECT employee_id FROM staff s WHERE ${staffScopeCondition(scope, 's', params)} ORDER BY 1`, params);
    return rows.map((r) => r.employee_id);
  }

  it('shows an administrator everyone', async () => {
    expect(await visible({ kind: 'city', actorId: ids['lead'], canWrite: true, personLevel: true })).toEqual(['lead', 'officer', 'worker']);
  });

  it('shows a viewer only their own record at person level', async () => {
    expect(await visible({ kind: 'city', actorId: ids['officer'], canWrite: false, personLevel: false })).toEqual(['officer']);
  });

  it('shows an equity lead their department subtree and themselves', async () => {
    expect(await visible({ kind: 'departments', actorId: ids['lead'], rootDepartmentIds: [ids['PW']] })).toEqual(['lead', 'worker']);
    expect(await visible({ kind: 'departments', actorId: ids['officer'], rootDepartmentIds: [ids['PW-STR']] })).toEqual(['officer', 'worker']);
  });

  it('shows a learner only themselves', async () => {
    expect(await visible({ kind: 'self', actorId: ids['worker'] })).toEqual(['worker']);
  });

  it('limits departments to a lead’s subtrees and a learner’s own department', async () => {
    const codes = async (scope: StaffScope) => {
      const params: unknown[] = [];
      const { rows } = await client.query(`SELECT code FROM department d WHERE ${departmentScopeCondition(scope, 'd', params)} ORDER BY 1`, params);
      return rows.map((r) => r.code);
    };
    expect(await codes({ kind: 'departments', actorId: ids['lead'], rootDepartmentIds: [ids['PW']] })).toEqual(['PW', 'PW-STR']);
    expect(await codes({ kind: 'self', actorId: ids['officer'] })).toEqual(['POL']);
  });
});
