import type { CaughtMail } from '@equip/server/testing';
import { randomBytes } from 'node:crypto';
import { Session } from '../support/http';
import { addNewHire, invitationDone, MailStack, startMailStack } from '../support/mail-stack';

/**
 * Invitations and forgotten passwords through real mail: an api and a worker (which sends
 * invitations, from the outbox) started with SMTP_URL pointing at an SMTP server in this process,
 * so the journey reads the link out of what was actually sent. They have a database of their own:
 * the run's worker would otherwise relay the invitation and write it to its mail folder.
 */
describe('setting a password from an emailed link', () => {
  let mail: MailStack;
  const suffix = randomBytes(3).toString('hex');
  const email = `new.hire.${suffix}@equip.test`;
  let staffId: string;

  const linkIn = (sent: CaughtMail) => {
    const match = new RegExp(`${mail.baseUrl}/set-password#token=([A-Za-z0-9_-]+)`).exec(sent.text ?? '');
    expect(match).not.toBeNull();
    return match![1];
  };

  beforeAll(async () => {
    mail = await startMailStack({ CITY_NAME: 'City of Riverton' });
    staffId = await addNewHire(mail.sql, { employeeId: `E2E-PW-${suffix}`, email, firstName: 'Noor', lastName: 'Haddad' });
  });

  afterAll(() => mail?.close());

  it('invites, greets, sets the password and signs the new hire in', async () => {
    const admin = new Session(mail.baseUrl);
    expect((await admin.signIn('admin@equip.demo')).status).toBe(200);
    const invited = await admin.post('/api/staff/invitations', { staffIds: [staffId] });
    expect(invited.status).toBe(202);
    expect(await invited.json()).toEqual({ invited: 1, waiting: 0, alreadyHaveAccount: 0, alreadyWaiting: 0, inactive: 0, skipped: 0, notSent: 0 });

    const sent = await mail.smtp.waitFor((m) => m.envelope.to.includes(email));
    expect(sent.envelope.from).toBe('no-reply@equip.test');
    expect(sent.subject).toBe('Set your password for Equip');
    expect(sent.headers['to']).toBe(email);
    expect(sent.headers['content-type']).toMatch(/^multipart\/alternative/);
    expect(sent.text).toContain('Hello Noor,');
    expect(sent.text).toContain('City of Riverton');
    expect(sent.html).toMatch(/<html lang="en"/);
    expect(sent.html).toMatch(/>Set your password<\/a>/);
    const token = linkIn(sent);
    await invitationDone(mail.sql, staffId);

    const newHire = new Session(mail.baseUrl);
    const greeting = await newHire.post('/api/auth/password/token', { token });
    expect(await greeting.json()).toEqual({ purpose: 'invite', email, firstName: 'Noor' });

    const weak = await newHire.post('/api/auth/password/set', { token, password: 'password123' });
    expect(weak.status).toBe(400);
    expect((await weak.json()).errors).toEqual([{ field: 'password', message: 'password must be at least 12 characters' }]);

    const set = await newHire.post('/api/auth/password/set', { token, password: 'a kettle of river herons' });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ id: staffId, email, roles: ['learner'] });
    expect((await newHire.get('/api/auth/session')).status).toBe(200);

    const reused = await new Session(mail.baseUrl).post('/api/auth/password/set', { token, password: 'another kettle of herons' });
    expect(reused.status).toBe(400);
    expect((await reused.json()).errors[0].field).toBe('token');
  });

  it('resets a forgotten password with the same answer for known and unknown addresses', async () => {
    const laptop = new Session(mail.baseUrl);
    expect((await laptop.signIn(email, 'a kettle of river herons')).status).toBe(200);

    const unknown = await new Session(mail.baseUrl).post('/api/auth/password/forgot', { email: `nobody.${suffix}@equip.test` });
    const known = await new Session(mail.baseUrl).post('/api/auth/password/forgot', { email: email.toUpperCase() });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(await unknown.json()).toEqual(await known.json());

    const sent = await mail.smtp.waitFor((m) => m.envelope.to.includes(email) && m.subject === 'Reset your Equip password');
    expect(sent.text).toContain('Set a new password:');
    expect(mail.smtp.messages.some((m) => m.envelope.to.includes(`nobody.${suffix}@equip.test`))).toBe(false);

    const phone = new Session(mail.baseUrl);
    expect((await phone.post('/api/auth/password/set', { token: linkIn(sent), password: 'herons over the weir' })).status).toBe(200);
    // the reset ended the session signed in with the old password, its access token at once
    expect((await laptop.get('/api/auth/session')).status).toBe(401);
    expect((await laptop.post('/api/auth/refresh')).status).toBe(401);
    expect((await new Session(mail.baseUrl).signIn(email, 'a kettle of river herons')).status).toBe(401);
    expect((await new Session(mail.baseUrl).signIn(email, 'herons over the weir')).status).toBe(200);

    const { rows } = await mail.sql.query(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY id`, [staffId]);
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['staff.invited', 'auth.password_set', 'auth.password_reset_requested', 'auth.password_set']),
    );
  });
});
