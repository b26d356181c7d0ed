import type { AssignResult, AssignmentView, CohortDetail, CohortMemberRow, CohortRulePreview, Page } from '@equip/shared/contracts';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { demoCity, DemoCity } from '../support/fixtures';
import { Session } from '../support/http';
import { currentRoster, importRoster } from '../support/roster';

/**
 * The equity lead's journey on the running api, as lead@equip.demo (who leads TES): a rule
 * cohort, its preview, the foundations track due in 30 days, the members page, an exemption with
 * a reason, the CSV export; then a rule cohort that follows a roster import.
 */

const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = await res.json();
  expect({ status: res.status, body }).toEqual({ status, body: expect.anything() });
  return body as T;
};

describe('cohorts: an equity lead assigns training to a rule cohort', () => {
  const lead = new Session();
  const admin = new Session();
  let client: Client;
  let city: DemoCity;
  let jobClass: string;
  let cohort: CohortDetail;

  beforeAll(async () => {
    city = await demoCity();
    expect((await lead.signIn('lead@equip.demo')).status).toBe(200);
    expect((await admin.signIn('admin@equip.demo')).status).toBe(200);
    client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    // The most common job class among the lead's active staff, other than the one the browser
    // journey (e2e/browser/lead-cohorts) uses, so the two never exempt the same people.
    const { rows } = await client.query(
      `SELECT s.job_class FROM staff s JOIN department d ON d.id = s.department_id
        WHERE d.path LIKE (SELECT path FROM department WHERE id = $1) || '%' AND s.active AND s.job_class IS NOT NULL
          AND s.job_class <> 'Trades'
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
      [city.ownDepartmentId],
    );
    jobClass = rows[0].job_class;
  });

  afterAll(async () => {
    await client.end();
  });

  it('previews a rule, then creates the cohort with exactly the previewed people', async () => {
    const rule = { jobClasses: [jobClass] };
    const preview = await json<CohortRulePreview>(await lead.post('/api/cohorts/preview', { departmentId: city.ownDepartmentId, rule }), 200);
    expect(preview.count).toBeGreaterThan(0);
    cohort = await json<CohortDetail>(await lead.post('/api/cohorts', { name: `E2E ${jobClass}`, departmentId: city.ownDepartmentId, kind: 'rule', rule }), 201);
    expect(cohort).toMatchObject({ kind: 'rule', memberCount: preview.count, department: { id: city.ownDepartmentId } });
    expect((await lead.post('/api/cohorts/preview', { departmentId: city.otherDepartmentId, rule })).status).toBe(400);
  });

  it('assigns the all-staff foundations track due in 30 days, and again without doubling', async () => {
    const body = { trackSlug: 'all-staff-foundations', due: { kind: 'after_joining', days: 30 } };
    const first = await json<AssignResult>(await lead.post(`/api/cohorts/${cohort.id}/assignments`, body), 201);
    expect(first.created + first.merged).toBe(cohort.memberCount);
    const again = await json<AssignResult>(await lead.post(`/api/cohorts/${cohort.id}/assignments`, body), 201);
    expect(again).toMatchObject({ created: 0, merged: cohort.memberCount });
  });

  let member: CohortMemberRow;

  it('shows the members page with each member’s status and due date, paged on the server', async () => {
    const page = await json<Page<CohortMemberRow>>(await lead.get(`/api/cohorts/${cohort.id}/members?pageSize=2&sort=name`), 200);
    expect(page.total).toBe(cohort.memberCount);
    expect(page.items.length).toBe(Math.min(2, cohort.memberCount));
    member = page.items[0];
    expect(member.assignments).toEqual([expect.objectContaining({ kind: 'track', slug: 'all-staff-foundations', status: expect.any(String) })]);
    // A due day, YYYY-MM-DD, about 30 days ahead.
    expect(member.assignments[0].dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const due = Date.parse(`${member.assignments[0].dueOn}T12:00:00Z`);
    expect(due).toBeGreaterThan(Date.now() + 28 * 86_400_000);
    expect(due).toBeLessThanOrEqual(Date.now() + 32 * 86_400_000);
  });

  let exempted: CohortMemberRow;

  it('exempts one member with a reason (required), and the filter finds them', async () => {
    // Another journey may already have exempted someone in the same department, so pick a member who is not.
    const open = await json<Page<CohortMemberRow>>(await lead.get(`/api/cohorts/${cohort.id}/members?status=not_started&pageSize=1&sort=name`), 200);
    exempted = open.items[0];
    const id = exempted.assignments[0].assignmentId;
    expect((await lead.post(`/api/assignments/${id}/exemption`, { reason: '' })).status).toBe(400);
    const exempt = await json<AssignmentView>(await lead.post(`/api/assignments/${id}/exemption`, { reason: 'Completed the county’s equivalent course' }), 200);
    expect(exempt).toMatchObject({ status: 'exempt', exemptReason: 'Completed the county’s equivalent course' });
    const filtered = await json<Page<CohortMemberRow>>(await lead.get(`/api/cohorts/${cohort.id}/members?status=exempt`), 200);
    expect(filtered.items.map((m) => m.staff.id)).toContain(exempted.staff.id);
    expect((await lead.post(`/api/assignments/${id}/exemption`, { reason: 'Again' })).status).toBe(409);
  });

  it('exports exactly what the members page shows', async () => {
    const shown = await json<Page<CohortMemberRow>>(await lead.get(`/api/cohorts/${cohort.id}/members?status=exempt&pageSize=200`), 200);
    const res = await lead.get(`/api/cohorts/${cohort.id}/members.csv?status=exempt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('employee_id,last_name,first_name,email,department,job_title,joined_at,last_activity_at,assignment_kind,assignment,status,due_on,completed_at,exempt_reason');
    const rows = lines.slice(1);
    expect(rows).toHaveLength(shown.items.reduce((n, m) => n + m.assignments.length, 0));
    expect(rows.map((r) => r.split(',')[0]).sort()).toEqual(shown.items.map((m) => m.staff.employeeId).sort());
    expect(rows.find((r) => r.startsWith(exempted.staff.employeeId))).toContain('exempt');
  });

  it('follows a roster import: a person whose job class changes joins the rule cohort and gets its assignment, and leaves again', async () => {
    const special = 'E2E Cohort Analyst';
    const ruled = await json<CohortDetail>(
      await lead.post('/api/cohorts', { name: 'E2E roster-driven', departmentId: city.ownDepartmentId, kind: 'rule', rule: { jobClasses: [special] } }),
      201,
    );
    expect(ruled.memberCount).toBe(0);
    await json<AssignResult>(await lead.post(`/api/cohorts/${ruled.id}/assignments`, { trackSlug: 'all-staff-foundations', due: { kind: 'after_joining', days: 30 } }), 201);
    const { rows: [target] } = await client.query(`SELECT employee_id, job_class FROM staff WHERE id = $1`, [city.ownStaffId]);

    const roster = await currentRoster((r) => (r.employee_id === target.employee_id ? { ...r, job_class: special } : r));
    expect((await importRoster(admin, roster)).status).toBe(200);
    const members = await json<Page<CohortMemberRow>>(await lead.get(`/api/cohorts/${ruled.id}/members`), 200);
    expect(members.items.map((m) => m.staff.id)).toEqual([city.ownStaffId]);
    expect(members.items[0].assignments).toEqual([expect.objectContaining({ slug: 'all-staff-foundations' })]);

    expect((await importRoster(admin, await currentRoster((r) => (r.employee_id === target.employee_id ? { ...r, job_class: target.job_class } : r)))).status).toBe(200);
    expect((await json<CohortDetail>(await lead.get(`/api/cohorts/${ruled.id}`), 200)).memberCount).toBe(0);
    const history = await json<Page<{ leaveReason: string | null }>>(await lead.get(`/api/cohorts/${ruled.id}/history`), 200);
    expect(history.items.map((h) => h.leaveReason)).toEqual(['rule_no_longer_matches']);
  });
});



