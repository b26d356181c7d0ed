import { parseMail } from '@equip/server/testing';
import { createTransport } from 'nodemailer';
import { composeAlternative } from './mime';

/**
 * The direct writer against nodemailer, the reference it replaces on the hot path: for each
 * message both write, the headers a reader sees and both bodies decode to the same text.
 */
describe('composeAlternative', () => {
  const nodemailer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const long = 'A line long enough to need a soft break in quoted-printable, with = signs and trailing spaces   ';
  const cases = [
    { from: 'Equip <no-reply@city.example>', to: 'ana@city.example', subject: 'Reminder: Community engagement is overdue', text: 'Hello Ana,\n\nDue today.\n', html: '<p>Hello Ana,</p>' },
    { from: 'no-reply@city.example', to: 'Ben.Ode@City.example', subject: 'Overdue training in your team: 2 people — “Field crews”', text: `Zoë Müller\n${long}\n${long.repeat(3)}\n\nend`, html: `<p>${long.repeat(4)}</p>\n<p>é ü ñ 中文 🎓</p>` },
    { from: 'City of Riverton Training <training@riverton.example>', to: 'x@y.example', subject: `${'A long ASCII subject that goes on '.repeat(4)}end`, text: '.\n..\nFrom the start\r\nCRLF kept\n', html: '<a href="https://equip.example/learn?a=1&b=2">x</a>' },
  ];

  it.each(cases)('writes what nodemailer writes, decoded: %#', async (message) => {
    const messageId = '<ZGlnZXN0@equip.example>';
    const headers = { 'Auto-Submitted': 'auto-generated' };
    const direct = composeAlternative({ ...message, messageId, date: new Date(), headers })!;
    const reference = await nodemailer.sendMail({ ...message, messageId, headers });
    const [ours, theirs] = [parseMail(direct.message.toString('utf8')), parseMail((reference.message as Buffer).toString('utf8'))];

    expect(direct.envelope).toEqual(reference.envelope);
    // The very same encoded words (the test parser does not join adjacent ones as a mail reader does).
    expect(ours.headers['subject']).toBe(theirs.headers['subject']);
    expect(ours.text).toBe(theirs.text);
    expect(ours.html).toBe(theirs.html);
    for (const header of ['from', 'to', 'message-id', 'auto-submitted', 'mime-version']) expect([header, ours.headers[header]]).toEqual([header, theirs.headers[header]]);
    expect(ours.headers['date']).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(ours.headers['content-type']).toMatch(/^multipart\/alternative;\s+boundary="[^"]+"$/);
    // SMTP lines: CRLF only, none longer than 78 characters.
    const raw = direct.message.toString('utf8');
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(Math.max(...raw.split('\r\n').map((line) => line.length))).toBeLessThanOrEqual(78);
  });

  it('leaves to nodemailer what it does not write: names that need encoding, lists, encoded-word look-alikes', () => {
    const base = { from: 'Equip <no-reply@city.example>', to: 'ana@city.example', subject: 's', text: 't', html: 'h', messageId: '<a@b>', date: new Date(), headers: {} };
    expect(composeAlternative(base)).toBeDefined();
    expect(composeAlternative({ ...base, from: 'Ville de Montréal <no-reply@city.example>' })).toBeUndefined();
    expect(composeAlternative({ ...base, to: 'ana@city.example, ben@city.example' })).toBeUndefined();
    expect(composeAlternative({ ...base, to: '"Ruiz, Ana" <ana@city.example>' })).toBeUndefined();
    expect(composeAlternative({ ...base, subject: 'Looks =?utf-8?q?encoded?=' })).toBeUndefined();
  });
});
