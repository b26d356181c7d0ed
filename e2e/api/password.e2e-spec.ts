import { CaughtMail, SmtpCatcher, startSmtpCatcher } from '@equip/server/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ExtraApi } from '../support/api-process';
import { until } from '../support/processes';
import { Session } from '../support/http';
import { Stack, startStack } from '../support/stack';

/**
 * Invitations and forgotten passwords through real mail: an api and a worker (which sends
 * invitations, from the outbox) started with SMTP_URL pointing at an SMTP server in this process,
 * so the journey reads the link out of what was actually sent. They have a database of their own:
 * the run's worker would otherwise relay the invitation and write it to its mail folder.
 */
describe('setting a password from an emailed link', () => {
  let smtp: SmtpCatcher;
  let stack: Stack;
  let api: ExtraApi;
  let sql: Client;
  const suffix = randomBytes(3).toString('hex');
  const email = `new.hire.${suffix}@equip.test`;
  let staffId: string;

  const linkIn = (mail: CaughtMail) => {
    const match = new RegExp(`${api.baseUrl}/set-password#token=([A-Za-z0-9_-]+)`).exec(mail.text ?? '');
    expect(match).not.toBeNull();
    return match![1];
  };

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    stack = await startStack({ SMTP_URL: smtp.url, MAIL_FROM: 'Equip <no-reply@equip.test>', CITY_NAME: 'City of Riverton' });
    api = stack.api;
    sql = new Client({ connectionString: stack.db.url });
    await sql.connect();
    // A newly imported staff member: in the roster, no password yet.
    const { rows } = await sql.query(
      `INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
       VALUES ($1, $2, 'Noor', 'Haddad', (SELECT id FROM department WHERE code = 'HR')) RETURNING id`,
      [`E2E-PW-${suffix}`, email],
    );
    staffId = rows[0].id;
  });

  afterAll(async () => {
    await sql?.end();
    await stack?.close();
    await smtp?.close();
  });

  it('invites, greets, sets the password and signs the new hire in', async () => {
    const admin = new Session(api.baseUrl);
    expect((await admin.signIn('admin@equip.demo')).status).toBe(200);
    const invited = await admin.post('/api/staff/invitations', { staffIds: [staffId] });
    expect(invited.status).toBe(202);
    expect(await invited.json()).toEqual({ invited: 1, skipped: 0, notSent: 0 });

    const mail = await smtp.waitFor((m) => m.envelope.to.includes(email));
    expect(mail.envelope.from).toBe('no-reply@equip.test');
    expect(mail.subject).toBe('Set your password for Equip');
    expect(mail.headers['to']).toBe(email);
    expect(mail.headers['content-type']).toMatch(/^multipart\/alternative/);
    expect(mail.text).toContain('Hello Noor,');
    expect(mail.text).toContain('City of Riverton');
    expect(mail.html).toMatch(/<html lang="en"/);
    expect(mail.html).toMatch(/>Set your password<\/a>/);
    const token = linkIn(mail);
    // The worker commits the link with the outbox row's "done" just after the SMTP server accepted
    // the mail: the link works from then on.
    await until('the invitation to be done', async () => {
      const { rows } = await sql.query(`SELECT 1 FROM outbox WHERE event = 'staff.invited' AND payload->>'staffId' = $1 AND done_at IS NOT NULL`, [staffId]);
      return rows.length > 0 ? true : undefined;
    });

    const newHire = new Session(api.baseUrl);
    const greeting = await newHire.post('/api/auth/password/token', { token });
    expect(await greeting.json()).toEqual({ purpose: 'invite', email, firstName: 'Noor' });

    const weak = await newHire.post('/api/auth/password/set', { token, password: 'password123' });
    expect(weak.status).toBe(400);
    expect((await weak.json()).errors).toEqual([{ field: 'password', message: 'password must be at least 12 characters' }]);

    const set = await newHire.post('/api/auth/password/set', { token, password: 'a kettle of river herons' });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ id: staffId, email, roles: ['learner'] });
    expect((await newHire.get('/api/auth/session')).status).toBe(200);

    const reused = await new Session(api.baseUrl).post('/api/auth/password/set', { token, password: 'another kettle of herons' });
    expect(reused.status).toBe(400);
    expect((await reused.json()).errors[0].field).toBe('token');
  });

  it('resets a forgotten password with the same answer for known and unknown addresses', async () => {
    const laptop = new Session(api.baseUrl);
    expect((await laptop.signIn(email, 'a kettle of river herons')).status).toBe(200);

    const unknown = await new Session(api.baseUrl).post('/api/auth/password/forgot', { email: `nobody.${suffix}@equip.test` });
    const known = await new Session(api.baseUrl).post('/api/auth/password/forgot', { email: email.toUpperCase() });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(await unknown.json()).toEqual(await known.json());

    const mail = await smtp.waitFor((m) => m.envelope.to.includes(email) && m.subject === 'Reset your Equip password');
    expect(mail.text).toContain('Set a new password:');
    expect(smtp.messages.some((m) => m.envelope.to.includes(`nobody.${suffix}@equip.test`))).toBe(false);

    const phone = new Session(api.baseUrl);
    expect((await phone.post('/api/auth/password/set', { token: linkIn(mail), password: 'herons over the weir' })).status).toBe(200);
    // the reset ended the session signed in with the old password
    expect((await laptop.post('/api/auth/refresh')).status).toBe(401);
    expect((await new Session(api.baseUrl).signIn(email, 'a kettle of river herons')).status).toBe(401);
    expect((await new Session(api.baseUrl).signIn(email, 'herons over the weir')).status).toBe(200);

    const { rows } = await sql.query(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY id`, [staffId]);
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['staff.invited', 'auth.password_set', 'auth.password_reset_requested', 'auth.password_set']),
    );
  });
});
