import { parseMail, SmtpCatcher, startSmtpCatcher, testConfig } from '@equip/server/testing';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailService } from './mail.service';

const action = {
  subject: 'Set your Equip password',
  greeting: 'Hello Ana,',
  paragraphs: ['Your city uses Equip for staff training. Choose a password to start.'],
  action: { label: 'Set your password', url: 'http://localhost:3000/set-password?token=tok_123-abc' },
  after: ['This link works for 7 days.'],
};

describe('MailService over SMTP', () => {
  let smtp: SmtpCatcher;
  let mail: MailService;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    mail = new MailService(testConfig({ smtpUrl: smtp.url, mailFrom: 'Equip <no-reply@city.example>', cityName: 'City of Riverton' }));
  });

  afterAll(async () => {
    mail.onApplicationShutdown();
    await smtp.close();
  });

  it('delivers both parts, the link and the headers to the SMTP server', async () => {
    const sent = await mail.send({ to: 'ana.ruiz@city.example', ...mail.compose(action) });
    const received = await smtp.waitFor((m) => m.envelope.to.includes('ana.ruiz@city.example'));

    expect(received.envelope.from).toBe('no-reply@city.example');
    expect(received.headers['from']).toBe('Equip <no-reply@city.example>');
    expect(received.headers['to']).toBe('ana.ruiz@city.example');
    expect(received.subject).toBe('Set your Equip password');
    expect(received.headers['message-id']).toBe(sent.messageId);
    expect(received.headers['auto-submitted']).toBe('auto-generated');
    expect(received.headers['content-type']).toMatch(/^multipart\/alternative/);

    expect(received.text).toContain('Set your password: http://localhost:3000/set-password?token=tok_123-abc');
    expect(received.text).toContain('City of Riverton');
    expect(received.html).toMatch(/<html lang="en"/);
    expect(received.html).toMatch(/<a href="http:\/\/localhost:3000\/set-password\?token=tok_123-abc"[^>]*>Set your password<\/a>/);
  });

  it('sends attachments as parts of a multipart/mixed message', async () => {
    const pdf = Buffer.from('%PDF-1.7 a certificate');
    await mail.send({ to: 'ben.ode@city.example', ...mail.compose(action), attachments: [{ filename: 'EQ-2026-000001.pdf', content: pdf, contentType: 'application/pdf' }] });
    const received = await smtp.waitFor((m) => m.envelope.to.includes('ben.ode@city.example'));

    expect(received.headers['content-type']).toMatch(/^multipart\/mixed/);
    expect(received.text).toContain('Set your password');
    const part = /Content-Type: application\/pdf; name=EQ-2026-000001\.pdf\r?\nContent-Transfer-Encoding: base64\r?\nContent-Disposition: attachment; filename=EQ-2026-000001\.pdf\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(received.raw);
    expect(Buffer.from(part![1].replace(/\s+/g, ''), 'base64').toString()).toBe('%PDF-1.7 a certificate');
  });

  it('fails the send when the SMTP server is unreachable', async () => {
    const offline = new MailService(testConfig({ smtpUrl: 'smtp://127.0.0.1:1' }));
    await expect(offline.send({ to: 'x@city.example', subject: 's', text: 't', html: '<p>t</p>' })).rejects.toThrow();
    offline.onApplicationShutdown();
  });
});

describe('MailService without SMTP_URL', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'equip-mail-'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes each message as an .eml file in MAIL_DIR named by time and recipient', async () => {
    const mail = new MailService(testConfig({ smtpUrl: undefined, mailDir: join(dir, 'outbox') }));
    const sent = await mail.send({ to: 'Ana.Ruiz@city.example', ...mail.compose(action) });

    const files = await readdir(join(dir, 'outbox'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-ana\.ruiz@city\.example-[0-9a-f]{6}\.eml$/);
    expect(sent.file).toBe(join(dir, 'outbox', files[0]));

    const parsed = parseMail(await readFile(sent.file!, 'utf8'));
    expect(parsed.subject).toBe('Set your Equip password');
    expect(parsed.headers['to']).toBe('Ana.Ruiz@city.example');
    expect(parsed.text).toContain('http://localhost:3000/set-password?token=tok_123-abc');
    expect(parsed.html).toContain('>Set your password</a>');
  });
});
