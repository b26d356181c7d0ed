import { Client } from 'pg';
import { e2e } from '../support/environment';
import { demoCity, DemoCity } from '../support/fixtures';
import { Session } from '../support/http';

/** What each role actually sees in the people and department lists (the matrix checks statuses). */
describe('people and departments by scope', () => {
  let city: DemoCity;
  const signedIn = async (email: string) => {
    const session = new Session();
    expect((await session.signIn(email)).status).toBe(200);
    return session;
  };

  beforeAll(async () => {
    city = await demoCity();
  });

  it('shows an equity lead only the people of the department they lead and its divisions', async () => {
    const lead = await signedIn('lead@equip.demo');
    const page = await (await lead.get('/api/staff?pageSize=200')).json();
    expect(page.total).toBeGreaterThan(10);
    expect(page.items.length).toBe(Math.min(page.total, 200));
    for (const person of page.items) expect(person.department.code).toMatch(/^TES(-|$)/);

    const client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM staff s JOIN department d ON d.id = s.department_id
        WHERE d.path LIKE (SELECT path FROM department WHERE code = 'TES') || '%'`,
    );
    await client.end();
    expect(page.total).toBe(rows[0].n);
  });

  it('shows an equity lead only their departments in the tree', async () => {
    const lead = await signedIn('lead@equip.demo');
    const departments: { code: string }[] = await (await lead.get('/api/departments')).json();
    expect(departments.length).toBeGreaterThan(1);
    for (const d of departments) expect(d.code).toMatch(/^TES(-|$)/);
  });

  it('names departments’ leads to administrators only', async () => {
    for (const email of ['viewer@equip.demo', 'lead@equip.demo']) {
      const departments: { leads?: unknown }[] = await (await (await signedIn(email)).get('/api/departments')).json();
      expect(departments.length).toBeGreaterThan(0);
      for (const d of departments) expect(d.leads).toBeUndefined();
    }

    const departments: { code: string; leads: { staffId: string; name: string }[] }[] = await (
      await (await signedIn('admin@equip.demo')).get('/api/departments')
    ).json();
    const client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    const { rows } = await client.query(
      `SELECT d.code, s.id, s.first_name || ' ' || s.last_name AS name
         FROM role_grant g JOIN staff s ON s.id = g.staff_id JOIN department d ON d.id = g.department_id
        WHERE g.role = 'equity_lead' AND s.active`,
    );
    await client.end();
    expect(rows.length).toBeGreaterThan(0);
    for (const d of departments) {
      const expected = rows.filter((r) => r.code === d.code).map((r) => ({ staffId: r.id, name: r.name }));
      expect(d.leads).toEqual(expect.arrayContaining(expected));
      expect(d.leads).toHaveLength(expected.length);
    }
    expect(departments.some((d) => d.leads.length === 0)).toBe(true);
  });

  it('counts active staff in each unit and in each unit with everything under it, for those who see exact figures only', async () => {
    const client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    const { rows } = await client.query(
      `SELECT d.id,
              (SELECT count(*)::int FROM staff s WHERE s.department_id = d.id AND s.active) AS own,
              (SELECT count(*)::int FROM staff s JOIN department u ON u.id = s.department_id
                WHERE u.path LIKE d.path || '%' AND s.active) AS "withUnits"
         FROM department d`,
    );
    await client.end();
    const truth = new Map(rows.map((r) => [r.id as string, { own: r.own as number, withUnits: r.withUnits as number }]));
    type Counted = { id: string; code: string; activeStaff: number | null; activeStaffWithUnits: number | null };
    for (const email of ['admin@equip.demo', 'lead@equip.demo']) {
      const departments: Counted[] = await (await (await signedIn(email)).get('/api/departments')).json();
      expect(departments.length).toBeGreaterThan(1);
      for (const d of departments) {
        expect({ code: d.code, own: d.activeStaff, withUnits: d.activeStaffWithUnits }).toEqual({ code: d.code, ...truth.get(d.id) });
      }
      // A department with units under it counts more than its own staff (the demo's TES has divisions).
      const tes = departments.find((d) => d.code === 'TES');
      expect(tes?.activeStaffWithUnits).toBeGreaterThan(tes?.activeStaff ?? Infinity);
    }
    const viewed: Counted[] = await (await (await signedIn('viewer@equip.demo')).get('/api/departments')).json();
    expect(viewed.length).toBeGreaterThan(1);
    for (const d of viewed) expect([d.activeStaff, d.activeStaffWithUnits]).toEqual([null, null]);
  });

  it('lets a learner and a viewer read their own record and nobody else’s', async () => {
    for (const [email, self] of [
      ['learner@equip.demo', city.learnerId],
      ['viewer@equip.demo', city.viewerId],
    ] as const) {
      const session = await signedIn(email);
      expect((await session.get(`/api/staff/${self}`)).status).toBe(200);
      expect((await session.get(`/api/staff/${city.ownStaffId}`)).status).toBe(404);
    }
  });

  it('refuses to remove the last RASE administrator', async () => {
    const admin = await signedIn('admin@equip.demo');
    const me = await (await admin.get(`/api/staff/${city.adminId}`)).json();
    const grant = me.grants.find((g: { role: string }) => g.role === 'rase_admin');
    const res = await admin.request('DELETE', `/api/staff/${city.adminId}/grants/${grant.id}`);
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toBe('The city must keep at least one RASE administrator');
    expect((await admin.get('/api/auth/session')).status).toBe(200);
  });
});
