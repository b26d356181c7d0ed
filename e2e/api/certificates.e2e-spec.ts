import type { AuditEventView, CertificateAdminRow, CertificateVerification, MyCertificate, Page, Problem } from '@equip/shared/contracts';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { issueCourseCertificate, IssuedCertificate } from '../support/certificates';
import { e2e } from '../support/environment';
import { createSignIn } from '../support/fixtures';
import { Session } from '../support/http';

/**
 * A certificate's life on the running api and worker: the worker issues it for a completed course
 * (the job handed over as the outbox relay does), the learner finds and downloads it, anyone can
 * verify it without signing in and learns only name, title, date and status, nobody else can
 * download it, and an administrator finds it and revokes it with a reason, which is audited and
 * shows on verification at once.
 */
const COURSE = 'racial-equity-foundations';
const EMAIL = `certificate.journey.${Date.now()}@equip.demo`;
const PASSWORD = 'a long certificate journey passphrase';

const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = await res.json();
  expect({ status: res.status, body }).toEqual({ status, body: expect.anything() });
  return body as T;
};

describe('certificates: issued, downloaded, verified, revoked', () => {
  const learner = new Session();
  const lead = new Session();
  const admin = new Session();
  const anonymous = new Session();
  let staffId: string;
  let issued: IssuedCertificate;
  let mine: MyCertificate;

  beforeAll(async () => {
    staffId = await createSignIn(EMAIL, PASSWORD);
    expect((await learner.signIn(EMAIL, PASSWORD)).status).toBe(200);
    expect((await lead.signIn('lead@equip.demo')).status).toBe(200);
    expect((await admin.signIn('admin@equip.demo')).status).toBe(200);
    issued = await issueCourseCertificate(staffId, COURSE);
  });

  it('lists the certificate in My certificates, with a download link to the pdf route', async () => {
    const list = await json<MyCertificate[]>(await learner.get('/api/learning/certificates'), 200);
    expect(list).toHaveLength(1);
    mine = list[0];
    expect(mine).toMatchObject({ id: issued.id, kind: 'course', slug: COURSE, serial: issued.serial, verificationCode: issued.verificationCode, downloadUrl: `/api/certificates/${issued.id}/pdf` });
    expect(mine.serial).toMatch(/^EQ-\d{4}-\d{6}$/);
    expect(mine.verificationCode).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('lets the learner download the PDF as an attachment', async () => {
    const res = await learner.get(mine.downloadUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${issued.serial}.pdf"`);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain(`(certificate, ${issued.serial})`);
  });

  it('mails the learner the PDF (written as .eml without SMTP)', async () => {
    const dir = e2e().mailDir;
    const files = (await readdir(dir)).filter((f) => f.includes(EMAIL.toLowerCase()));
    const mails = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
    const certificateMails = mails.filter((m) => m.includes(`name=${issued.serial}.pdf`));
    expect(certificateMails).toHaveLength(1);
    expect(certificateMails[0]).toMatch(/Content-Type: application\/pdf/);
  });

  it('answers anyone who verifies the code with name, title, date and status only', async () => {
    const res = await anonymous.get(`/api/certificates/verify/${issued.verificationCode}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const verification = await json<CertificateVerification>(res, 200);
    expect(verification).toEqual({ name: 'Test Person', title: mine.title, issuedAt: expect.any(String), status: 'valid' });
    expect(Object.keys(verification).sort()).toEqual(['issuedAt', 'name', 'status', 'title']);
    expect((await anonymous.get('/api/certificates/verify/not-a-code')).status).toBe(404);
    expect((await anonymous.get(`/api/certificates/verify/${issued.verificationCode.slice(0, -1)}x`)).status).toBe(404);
  });

  it('gives an equity lead the same 404 for this certificate as for none, and an administrator the PDF', async () => {
    expect((await lead.get(mine.downloadUrl)).status).toBe(404);
    expect((await anonymous.get(mine.downloadUrl)).status).toBe(401);
    const res = await admin.get(mine.downloadUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
  });

  it('lets an administrator find it by serial, and by the person’s email', async () => {
    const bySerial = await json<Page<CertificateAdminRow>>(await admin.get(`/api/certificates?search=${issued.serial}`), 200);
    expect(bySerial.items).toEqual([expect.objectContaining({ id: issued.id, serial: issued.serial, person: { id: staffId, name: 'Test Person' }, status: 'valid', revokedAt: null })]);
    const byEmail = await json<Page<CertificateAdminRow>>(await admin.get(`/api/certificates?search=${encodeURIComponent(EMAIL)}`), 200);
    expect(byEmail.items.map((c) => c.id)).toEqual([issued.id]);
    expect((await admin.get('/api/certificates?pageSize=1000')).status).toBe(400);
  });

  it('refuses a revocation without a reason, naming the field', async () => {
    const problem = await json<Problem>(await admin.post(`/api/certificates/${issued.id}/revoke`, {}), 400);
    expect(problem.errors).toEqual([{ field: 'reason', message: 'reason is required' }]);
    const blank = await json<Problem>(await admin.post(`/api/certificates/${issued.id}/revoke`, { reason: '   ' }), 400);
    expect(blank.errors).toEqual([{ field: 'reason', message: 'reason is required' }]);
  });

  it('revokes with a reason: audited, shown on verification, gone from My certificates', async () => {
    const revoked = await json<CertificateAdminRow>(await admin.post(`/api/certificates/${issued.id}/revoke`, { reason: 'Issued for the wrong person' }), 200);
    expect(revoked).toMatchObject({ id: issued.id, status: 'revoked', revokedReason: 'Issued for the wrong person', revokedAt: expect.any(String) });
    expect((await admin.post(`/api/certificates/${issued.id}/revoke`, { reason: 'again' })).status).toBe(409);

    const verification = await json<CertificateVerification>(await anonymous.get(`/api/certificates/verify/${issued.verificationCode}`), 200);
    expect(verification.status).toBe('revoked');

    const audit = await json<Page<AuditEventView>>(await admin.get('/api/audit-events?action=certificate.revoked'), 200);
    expect(audit.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'certificate.revoked', subjectType: 'certificate', subjectId: issued.id, after: expect.objectContaining({ reason: 'Issued for the wrong person' }) }),
      ]),
    );

    expect(await json<MyCertificate[]>(await learner.get('/api/learning/certificates'), 200)).toEqual([]);
    expect((await learner.get(mine.downloadUrl)).status).toBe(404);
  });

  it('limits verification lookups per address, with Retry-After', async () => {
    const from = { 'x-forwarded-for': `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` };
    for (let i = 0; i < 60; i++) {
      expect((await anonymous.request('GET', `/api/certificates/verify/${issued.verificationCode}`, undefined, from)).status).toBe(200);
    }
    const limited = await anonymous.request('GET', `/api/certificates/verify/${issued.verificationCode}`, undefined, from);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
