import { CertificateRenderer } from './certificate-renderer';
import type { CertificateContent } from './render-certificate';

const content: CertificateContent = {
  name: 'Nguyễn Thị Minh',
  kind: 'course',
  title: 'Racial equity foundations',
  awards: [{ competency: 'Racial equity foundations', level: 'Practicing' }],
  completedOn: 'March 1, 2026',
  serial: 'EQ-2026-000123',
  verifyUrl: 'https://equip.city.example/verify/abcdefghijklmnopqrstuvwx',
  cityName: 'City of Riverton',
  officeName: 'Office of Race and Social Equity',
};

describe('CertificateRenderer', () => {
  // The first render starts a thread that compiles the renderer from TypeScript: seconds on a busy machine.
  jest.setTimeout(60_000);

  const renderer = new CertificateRenderer({ threads: 2 });
  afterAll(() => renderer.close());

  it('renders a tagged PDF on a worker thread (from the TypeScript sources under Jest)', async () => {
    const pdf = await renderer.render(content, { compress: false });
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.7')).toBe(true);
    expect(text).toContain('(Certificate of completion: Racial equity foundations)');
    expect(text).toContain('(certificate, EQ-2026-000123)');
    expect(text).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(text).toContain('/Marked true');
    expect(text).toContain('/StructTreeRoot');
    expect(text).toContain('/Lang (en-US)');
    expect(text).toContain('/DisplayDocTitle true');
    expect(text).toMatch(/\/Alt \(QR code that opens the verification page https:\/\/equip\.city\.example\/verify\/abcdefghijklmnopqrstuvwx\)/);
    expect(text).toContain('/URI (https://equip.city.example/verify/abcdefghijklmnopqrstuvwx)');
  });

  it('renders several at once across its threads, and keeps the main thread free meanwhile', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const pdfs = await Promise.all(Array.from({ length: 6 }, (_, i) => renderer.render({ ...content, serial: `EQ-2026-00000${i}` })));
    clearInterval(timer);
    expect(pdfs.every((pdf) => pdf.subarray(0, 5).toString() === '%PDF-')).toBe(true);
    expect(ticks).toBeGreaterThan(0);
  });

  it('reports a render that fails without losing the thread pool', async () => {
    await expect(renderer.render({ ...content, awards: null as never })).rejects.toThrow(/Rendering the certificate failed/);
    expect((await renderer.render(content)).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
