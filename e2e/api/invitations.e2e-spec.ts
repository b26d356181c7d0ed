import { randomBytes } from 'node:crypto';
import { Session } from '../support/http';
import { until } from '../support/processes';
import { MailStack, startMailStack } from '../support/mail-stack';

/**
 * Inviting staff through the running api and worker, with real mail: a lead invites a cohort of
 * their department (never anyone outside it), the city's hourly limit makes the rest wait (shown
 * as waiting, never refused), and anyone may ask for their own invitation without learning who
 * has an account.
 */
describe('invitations', () => {
  let mail: MailStack;
  const suffix = randomBytes(3).toString('hex');
  const hires: { id: string; email: string; employeeId: string }[] = [];
  let outsider: string;
  let cohortId: string;

  async function hire(n: number, departmentCode: string): Promise<{ id: string; email: string; employeeId: string }> {
    const person = { email: `crew.${n}.${suffix}@equip.test`, employeeId: `E2E-INV-${suffix}-${n}` };
    const { rows } = await mail.sql.query(
      `INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
       VALUES ($1, $2, 'Crew', $3, (SELECT id FROM department WHERE code = $4)) RETURNING id`,
      [person.employeeId, person.email, `Member ${n}`, departmentCode],
    );
    return { id: rows[0].id, ...person };
  }

  const queued = async () => (await mail.sql.query(`SELECT count(*)::int AS n FROM outbox WHERE event = 'staff.invited'`)).rows[0].n as number;

  beforeAll(async () => {
    mail = await startMailStack({ INVITATIONS_PER_HOUR: '3' });
    for (let n = 1; n <= 4; n++) hires.push(await hire(n, 'TES'));
    outsider = (await hire(9, 'APD')).id;
    const { rows } = await mail.sql.query(
      `INSERT INTO cohort (name, department_id, kind) VALUES ($1, (SELECT id FROM department WHERE code = 'TES'), 'static') RETURNING id`,
      [`New crew ${suffix}`],
    );
    cohortId = rows[0].id;
    await mail.sql.query(`INSERT INTO cohort_member (cohort_id, staff_id, join_reason) SELECT $1, unnest($2::uuid[]), 'added'`, [
      cohortId,
      hires.map((h) => h.id),
    ]);
  });

  afterAll(() => mail?.close());

  it('answers a lead who invites someone outside their departments 404 and queues nothing', async () => {
    const lead = new Session(mail.baseUrl);
    expect((await lead.signIn('lead@equip.demo')).status).toBe(200);
    const before = await queued();
    const res = await lead.post('/api/staff/invitations', { staffIds: [outsider] });
    expect(res.status).toBe(404);
    expect(await queued()).toBe(before);
  });

  it('lets a lead invite a cohort: three mails go at once, the fourth waits for the hourly limit, shown as waiting', async () => {
    const lead = new Session(mail.baseUrl);
    expect((await lead.signIn('lead@equip.demo')).status).toBe(200);
    const members = await lead.get(`/api/cohorts/${cohortId}/members`);
    expect((await members.json()).items.map((m: { account: { kind: string } }) => m.account.kind)).toEqual(['never_invited', 'never_invited', 'never_invited', 'never_invited']);

    const res = await lead.post('/api/staff/invitations', { cohortId });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ invited: 4, waiting: 1, alreadyHaveAccount: 0, alreadyWaiting: 0, inactive: 0, skipped: 0, notSent: 0 });

    await until('three invitations to be mailed', async () => (mail.smtp.messages.filter((m) => m.subject === 'Set your password for Equip').length >= 3 ? true : undefined));
    const kinds = await until('the statuses to settle', async () => {
      const page = await (await lead.get(`/api/cohorts/${cohortId}/members`)).json();
      const all = page.items.map((m: { account: { kind: string } }) => m.account.kind).sort();
      return all.filter((k: string) => k === 'invited').length === 3 ? all : undefined;
    });
    expect(kinds).toEqual(['invited', 'invited', 'invited', 'waiting']);
    // Never refused, and no fourth mail this hour.
    expect(mail.smtp.messages.filter((m) => m.subject === 'Set your password for Equip')).toHaveLength(3);

    const invited = (await (await lead.get(`/api/cohorts/${cohortId}/members`)).json()).items.find((m: { account: { kind: string } }) => m.account.kind === 'invited');
    expect(invited.account.linkExpiresOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const list = await (await lead.get(`/api/staff?search=${encodeURIComponent(invited.staff.email)}`)).json();
    expect(list.items[0].account).toEqual(invited.account);
  });

  it('answers everyone who asks for an invitation the same way', async () => {
    const anyone = new Session(mail.baseUrl);
    const unknown = await anyone.post('/api/auth/invitation/request', { emailOrEmployeeId: `nobody.${suffix}@equip.test` });
    const known = await anyone.post('/api/auth/invitation/request', { emailOrEmployeeId: 'learner@equip.demo' });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(await unknown.json()).toEqual(await known.json());
    const empty = await anyone.post('/api/auth/invitation/request', { emailOrEmployeeId: '' });
    expect(empty.status).toBe(400);
  });
});
