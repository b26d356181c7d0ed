import { randomUUID } from 'node:crypto';
import { migrations } from '@equip/migrations';
import { createDataSource } from '@equip/server/database';
import { OrganisationModule } from '@equip/server/organisation';
import { timeBudget } from '@equip/server/testing';
import { createIdentityTestApp, IdentityTestApp, TestBrowser } from '../testing/identity-test-app';
import { ASK_FOR_INVITATION_ANSWER } from './invitation.service';

const GOOD_PASSWORD = 'river stones at dawn';
const tokenIn = (text: string) => /set-password#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

timeBudget(90);

describe('invitations: who may invite whom, the hourly limit, account status, asking for one', () => {
  let t: IdentityTestApp;
  let admin: TestBrowser;
  let lead: TestBrowser;
  let parks: string;
  let library: string;

  const statusOf = async (staffId: string) =>
    (await t.sql.query(`SELECT status, link_expires_at FROM staff_account_status WHERE staff_id = $1`, [staffId])).rows[0];
  const statusesOf = async (ids: string[]) => {
    const { rows } = await t.sql.query(`SELECT status FROM staff_account_status WHERE staff_id = ANY($1::uuid[])`, [ids]);
    return rows.map((r) => r.status as string);
  };
  const outboxCount = async () => (await t.sql.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n as number;
  const cohort = async (departmentId: string, members: string[]) => {
    const { rows } = await t.sql.query(`INSERT INTO cohort (name, department_id, kind) VALUES ($1, $2, 'static') RETURNING id`, [
      `Cohort ${randomUUID()}`,
      departmentId,
    ]);
    await t.sql.query(`INSERT INTO cohort_member (cohort_id, staff_id, join_reason) SELECT $1, unnest($2::uuid[]), 'added'`, [rows[0].id, members]);
    return rows[0].id as string;
  };

  beforeAll(async () => {
    t = await createIdentityTestApp({ invitationsPerHour: 1000 }, [OrganisationModule]);
    parks = await t.department('PARKS');
    library = await t.department('LIBRARY');
    await t.person('admin@riverton.gov', { password: 'admin password for tests', roles: ['rase_admin'] });
    await t.person('lead@riverton.gov', { password: 'lead password for tests', leadOf: parks, departmentId: parks });
    admin = new TestBrowser(t.app);
    lead = new TestBrowser(t.app);
    expect((await admin.post('/api/auth/sign-in', { email: 'admin@riverton.gov', password: 'admin password for tests' })).status).toBe(200);
    expect((await lead.post('/api/auth/sign-in', { email: 'lead@riverton.gov', password: 'lead password for tests' })).status).toBe(200);
  });

  afterAll(() => t.close());

  beforeEach(async () => {
    t.mails.length = 0;
    // Each test starts with an empty hour and nothing queued.
    await t.sql.query(`DELETE FROM invitation`);
    await t.sql.query(`UPDATE outbox SET done_at = now() WHERE done_at IS NULL`);
    t.config.invitationsPerHour = 1000;
  });

  it('answers a lead who names someone, a department or a cohort outside their departments 404, and writes nothing', async () => {
    const outsider = await t.person('outsider@riverton.gov', { departmentId: library });
    const insider = await t.person('insider@riverton.gov', { departmentId: parks });
    const libraryCohort = await cohort(library, [outsider]);
    const before = await outboxCount();

    expect((await lead.post('/api/staff/invitations', { staffIds: [outsider] })).status).toBe(404);
    expect((await lead.post('/api/staff/invitations', { staffIds: [insider, outsider] })).status).toBe(404);
    expect((await lead.post('/api/staff/invitations', { departmentId: library })).status).toBe(404);
    expect((await lead.post('/api/staff/invitations', { cohortId: libraryCohort })).status).toBe(404);
    expect(await outboxCount()).toBe(before);
    expect((await statusOf(insider)).status).toBe('never_invited');
  });

  it('lets a lead invite a cohort of their department, counting who has an account and who is inactive', async () => {
    const a = await t.person('co-a@riverton.gov', { departmentId: parks });
    const b = await t.person('co-b@riverton.gov', { departmentId: parks });
    const has = await t.person('co-has@riverton.gov', { departmentId: parks, password: 'already has a password' });
    const gone = await t.person('co-gone@riverton.gov', { departmentId: parks, active: false });
    const crew = await cohort(parks, [a, b, has, gone]);

    const res = await lead.post('/api/staff/invitations', { cohortId: crew });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ invited: 2, waiting: 0, alreadyHaveAccount: 1, alreadyWaiting: 0, inactive: 1, skipped: 2, notSent: 0 });
    expect((await statusOf(a)).status).toBe('waiting');

    // Asking again while those wait queues nothing twice.
    const again = await lead.post('/api/staff/invitations', { cohortId: crew });
    expect(again.body).toMatchObject({ invited: 0, alreadyWaiting: 2 });

    const audit = await t.sql.query(`SELECT subject_type, subject_id, after FROM audit_event WHERE action = 'staff.invited' ORDER BY id DESC LIMIT 1`);
    expect(audit.rows[0]).toMatchObject({ subject_type: 'cohort', subject_id: crew, after: { invited: 2 } });

    expect(await t.deliverInvitations()).toBe(2);
    expect(t.mails.map((m) => m.to).sort()).toEqual(['co-a@riverton.gov', 'co-b@riverton.gov']);
    const status = await statusOf(a);
    expect(status.status).toBe('invited');
    expect(status.link_expires_at.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect((await statusOf(has)).status).toBe('password');
    expect((await statusOf(gone)).status).toBe('inactive');
  });

  it('shows an invited person’s status in city time, then expired once the link is spent, then password once set', async () => {
    const fay = await t.person('fay@riverton.gov', { departmentId: parks });
    await admin.post('/api/staff/invitations', { staffIds: [fay] });
    await t.deliverInvitations();
    const token = tokenIn(t.mails[0].text)!;

    // A link that ends at 03:00 UTC on Dec 12 ends on Dec 11 in New York.
    await t.sql.query(`UPDATE password_token SET expires_at = '2099-12-12T03:00:00Z' WHERE staff_id = $1`, [fay]);
    const page = await admin.get(`/api/staff/${fay}`);
    expect(page.body.account).toEqual({ kind: 'invited', linkExpiresOn: '2099-12-11' });
    const list = await admin.get(`/api/staff?search=fay@riverton.gov`);
    expect(list.body.items[0].account).toEqual({ kind: 'invited', linkExpiresOn: '2099-12-11' });

    await t.sql.query(`UPDATE password_token SET expires_at = now() - interval '1 minute' WHERE staff_id = $1`, [fay]);
    expect((await statusOf(fay)).status).toBe('expired');
    await t.sql.query(`UPDATE password_token SET expires_at = now() + interval '1 day' WHERE staff_id = $1`, [fay]);

    const browser = new TestBrowser(t.app);
    expect((await browser.post('/api/auth/password/set', { token, password: GOOD_PASSWORD })).status).toBe(200);
    expect((await admin.get(`/api/staff/${fay}`)).body.account).toEqual({ kind: 'password', linkExpiresOn: null });
  });

  it('never refuses past the hourly limit: the rest wait, shown as waiting, and go when the hour allows', async () => {
    t.config.invitationsPerHour = 2;
    const people = [];
    for (const name of ['lim-a', 'lim-b', 'lim-c']) people.push(await t.person(`${name}@riverton.gov`, { departmentId: parks }));
    const res = await admin.post('/api/staff/invitations', { staffIds: people });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ invited: 3, waiting: 1 });

    expect(await t.deliverInvitations()).toBe(3);
    expect(t.mails).toHaveLength(2);
    expect((await statusesOf(people)).sort()).toEqual(['invited', 'invited', 'waiting']);
    // The waiting row is handed over again by the relay when the oldest mail of the hour is an hour old.
    const { rows } = await t.sql.query(
      `SELECT o.relayed_at + make_interval(secs => $1) AS again, (SELECT min(sent_at) FROM invitation) + interval '1 hour' AS free
         FROM outbox o WHERE o.event = 'staff.invited' AND o.done_at IS NULL`,
      [t.config.outboxResendSeconds],
    );
    expect(rows).toHaveLength(1);
    expect(Math.abs(rows[0].again.getTime() - rows[0].free.getTime())).toBeLessThan(1000);

    // An hour later the place is free and the waiting invitation goes.
    await t.sql.query(`UPDATE invitation SET sent_at = sent_at - interval '61 minutes'`);
    expect(await t.deliverInvitations()).toBe(1);
    expect(t.mails).toHaveLength(3);
    expect(await statusesOf(people)).toEqual(['invited', 'invited', 'invited']);
  });

  it('answers everyone who asks for an invitation the same way, and queues one only for an active person without an account', async () => {
    const nia = await t.person('nia@riverton.gov', { departmentId: parks });
    const able = await t.person('able@riverton.gov', { departmentId: parks, password: 'already has a password' });
    const gone = await t.person('gone2@riverton.gov', { departmentId: parks, active: false });
    const [{ employee_id: niaId }] = (await t.sql.query(`SELECT employee_id FROM staff WHERE id = $1`, [nia])).rows;
    const asker = new TestBrowser(t.app);
    const before = await outboxCount();

    for (const who of ['nobody@riverton.gov', 'able@riverton.gov', 'gone2@riverton.gov', 'E-NOPE']) {
      const res = await asker.post('/api/auth/invitation/request', { emailOrEmployeeId: who });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ message: ASK_FOR_INVITATION_ANSWER });
    }
    const bad = await asker.post('/api/auth/invitation/request', { emailOrEmployeeId: '   ' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'emailOrEmployeeId', message: 'emailOrEmployeeId is required' }]);

    const res = await asker.post('/api/auth/invitation/request', { emailOrEmployeeId: ` ${niaId.toLowerCase()} ` });
    expect(res.body).toEqual({ message: ASK_FOR_INVITATION_ANSWER });
    expect((await statusOf(nia)).status).toBe('waiting');
    expect(await outboxCount()).toBe(before + 1);
    expect((await statusOf(able)).status).toBe('password');
    expect((await statusOf(gone)).status).toBe('inactive');

    // Limited per address like the forgotten-password form.
    let status = 202;
    for (let i = 0; i < 10 && status === 202; i++) status = (await asker.post('/api/auth/invitation/request', { emailOrEmployeeId: 'x@y.z' })).status;
    expect(status).toBe(429);
  });

  it('refuses local sign-in to an account that has no password (single sign-on only)', async () => {
    const sso = await t.person('sso-only@riverton.gov', { departmentId: parks });
    await t.sql.query(`INSERT INTO account (staff_id, sso_subject) VALUES ($1, 'subject-1')`, [sso]);
    expect((await statusOf(sso)).status).toBe('sso');
    const res = await new TestBrowser(t.app).post('/api/auth/sign-in', { email: 'sso-only@riverton.gov', password: 'anything at all here' });
    expect(res.status).toBe(401);
    await expect(t.sql.query(`INSERT INTO account (staff_id) VALUES ($1)`, [await t.person('nowayin@riverton.gov')])).rejects.toThrow(/account_way_in/);
  });

  it('migrates down and up again', async () => {
    const dataSource = createDataSource({ databaseUrl: t.db.url, applicationName: 'equip-migration-test' });
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    try {
      const Migration = migrations.find((m) => m.name === 'AccountWaysIn1797004150000')!;
      const migration = new Migration();
      await migration.down(runner);
      expect((await runner.query(`SELECT count(*)::int AS n FROM account WHERE password_hash IS NULL`))[0].n).toBe(0);
      await migration.up(runner);
      expect((await runner.query(`SELECT count(*)::int AS n FROM staff_account_status`))[0].n).toBeGreaterThan(0);
    } finally {
      await runner.release();
      await dataSource.destroy();
    }
  });
});

describe('invitations with single sign-on on', () => {
  let t: IdentityTestApp;

  beforeAll(async () => {
    t = await createIdentityTestApp({
      oidc: { issuerUrl: 'http://localhost:1/unused', clientId: 'equip', clientSecret: 'secret', buttonLabel: 'Sign in with City SSO' },
    }, [OrganisationModule]);
  });

  afterAll(() => t.close());

  it('mails "sign in with your city account" and makes no set-password link at all', async () => {
    await t.person('admin@riverton.gov', { password: 'admin password for tests', roles: ['rase_admin'] });
    const admin = new TestBrowser(t.app);
    await admin.post('/api/auth/sign-in', { email: 'admin@riverton.gov', password: 'admin password for tests' });
    const uma = await t.person('uma@riverton.gov');
    expect((await admin.post('/api/staff/invitations', { staffIds: [uma] })).status).toBe(202);
    expect(await t.deliverInvitations()).toBe(1);
    expect(t.mails[0].subject).toBe('Sign in to Equip with your city account');
    expect(t.mails[0].text).toContain('http://equip.test/sign-in');
    expect(t.mails[0].text).not.toMatch(/set-password/);
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM password_token`)).rows[0].n).toBe(0);
    expect((await admin.get(`/api/staff/${uma}`)).body.account).toEqual({ kind: 'invited', linkExpiresOn: null });
  });
});
