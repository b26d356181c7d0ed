import { pdfText } from '@equip/server/testing';
import { SUPPRESSION_WORDS, type Dashboard, type ReportCount } from '@equip/shared/contracts';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { demoCity, DemoCity } from '../support/fixtures';
import { Session } from '../support/http';

/**
 * The one-page summary for leadership (GET /api/reports/dashboard/summary.pdf) on the running api:
 * a RASE administrator gets the city's headline figures as published (what viewers see: the PDF is
 * made to be shared), on one page, and their exact figures only when they ask (`figures=exact`); an
 * equity lead gets only their department; a viewer gets it too (it holds aggregates only); bad
 * filters are refused as the dashboard refuses them.
 */
const words = (c: ReportCount) => (c.suppressed ? SUPPRESSION_WORDS[c.suppressed] : new Intl.NumberFormat('en-US').format(c.count as number));

describe('reporting: the summary PDF for leadership', () => {
  const admin = new Session();
  const lead = new Session();
  const viewer = new Session();
  let city: DemoCity;
  const names: Record<string, string> = {};

  async function summary(session: Session, query = ''): Promise<{ pages: number; text: string }> {
    const res = await session.get(`/api/reports/dashboard/summary.pdf${query}`);
    expect({ status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') }).toEqual({
      status: 200,
      type: 'application/pdf',
      disposition: 'attachment; filename="leadership-summary.pdf"',
    });
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    return pdfText(pdf);
  }

  /** The dashboard's headline figures, in the words the page uses. */
  async function headline(session: Session, query = ''): Promise<string[]> {
    const board = (await (await session.get(`/api/reports/dashboard${query}`)).json()) as Dashboard;
    const o = board.overview;
    return [
      `${words(o.staffTrained)} of ${words(o.staff)} staff`,
      `Completions this quarter ${words(o.completionsThisQuarter)}`,
      `Overdue now ${words(o.overdueNow)}`,
      `Due in the next 30 days ${words(o.dueNext30Days)}`,
    ];
  }

  beforeAll(async () => {
    city = await demoCity();
    for (const [session, email] of [[admin, 'admin@equip.demo'], [lead, 'lead@equip.demo'], [viewer, 'viewer@equip.demo']] as const) {
      expect((await session.signIn(email)).status).toBe(200);
    }
    const client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT id, name FROM department WHERE id = ANY($1)`, [[city.ownDepartmentId, city.otherDepartmentId]]);
      for (const r of rows) names[r.id] = r.name;
    } finally {
      await client.end();
    }
  });

  it("gives a RASE administrator the city's headline figures on one page, as published", async () => {
    const pdf = await summary(admin);
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain('Training and equity progress: summary for leadership');
    expect(pdf.text).toContain('Filters: none');
    expect(pdf.text).toContain('Protected figures: “fewer than 5” stands for 1 to 4');
    for (const figure of await headline(admin, '?figures=published')) expect(pdf.text).toContain(figure);
    expect(await headline(admin, '?figures=published')).toEqual(await headline(viewer));
    // Every top-level department is a row: the lead's and another.
    expect(pdf.text).toContain(names[city.ownDepartmentId]);
    expect(pdf.text).toContain(names[city.otherDepartmentId]);
    // Stages are not part of the published figures: the page says so.
    expect(pdf.text).toContain('equity stages are not part of the published figures');
  });

  it('prints an administrator\'s exact figures only when asked, and says they are not for sharing', async () => {
    const pdf = await summary(admin, '?figures=exact');
    expect(pdf.text).toContain('Exact figures, small groups included: for your own use, not for sharing');
    for (const figure of await headline(admin)) expect(pdf.text).toContain(figure);
  });

  it('follows the filters, as the dashboard does', async () => {
    const query = `?departmentId=${city.ownDepartmentId}&activeOnly=true`;
    const pdf = await summary(admin, query);
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain(`Filters: department ${names[city.ownDepartmentId]}`);
    expect(pdf.text).toContain('active staff only');
    for (const figure of await headline(admin, `${query}&figures=published`)) expect(pdf.text).toContain(figure);
    expect(pdf.text).not.toContain(names[city.otherDepartmentId]);
  });

  it("gives an equity lead only their department's figures", async () => {
    const pdf = await summary(lead);
    expect(pdf.pages).toBe(1);
    for (const figure of await headline(lead, '?figures=published')) expect(pdf.text).toContain(figure);
    expect(pdf.text).toContain(names[city.ownDepartmentId]);
    expect(pdf.text).not.toContain(names[city.otherDepartmentId]);
    expect((await lead.get(`/api/reports/dashboard/summary.pdf?departmentId=${city.otherDepartmentId}`)).status).toBe(404);
  });

  it('gives a viewer the same aggregates', async () => {
    const pdf = await summary(viewer);
    expect(pdf.pages).toBe(1);
    for (const figure of await headline(viewer)) expect(pdf.text).toContain(figure);
  });

  it('refuses bad filters as the dashboard does, naming the field', async () => {
    for (const query of ['?subject=course:no-such-course', '?from=2026-02-30', '?activeOnly=maybe']) {
      const [pdf, board] = await Promise.all([admin.get(`/api/reports/dashboard/summary.pdf${query}`), admin.get(`/api/reports/dashboard${query}`)]);
      // The same problem, but for where it happened.
      const [pdfProblem, boardProblem] = (await Promise.all([pdf.json(), board.json()])) as Record<string, unknown>[];
      expect(pdfProblem['instance']).toBe(`/api/reports/dashboard/summary.pdf${query}`);
      expect({ query, status: pdf.status, problem: { ...pdfProblem, instance: boardProblem['instance'] } }).toEqual({ query, status: 400, problem: boardProblem });
      expect(JSON.stringify(pdfProblem)).toMatch(/"field":"(subject|from|activeOnly)"/);
    }
  });
});
