import type { AssignResult, AssignmentView, AuditEventView, Page, Problem } from '@equip/shared/contracts';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { demoCity, DemoCity } from '../support/fixtures';
import { Session } from '../support/http';

/**
 * The audit log people can read (issue 16), on the running api as admin@equip.demo: an exemption
 * the administrator grants reads as a sentence with linked names, and is found by person, by the
 * department the person was in, by kind of action and by day; the CSV has a row per changed field.
 */

const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = await res.json();
  expect({ status: res.status, body }).toEqual({ status, body: expect.anything() });
  return body as T;
};

const sentence = (e: AuditEventView) => e.summary.map((p) => p.text).join('');

describe('the audit log in words', () => {
  const admin = new Session();
  let client: Client;
  let city: DemoCity;
  let person: { id: string; name: string; departmentId: string };
  let adminName: string;
  let course: { slug: string; title: string };
  const reason = 'On leave until March';

  beforeAll(async () => {
    city = await demoCity();
    expect((await admin.signIn('admin@equip.demo')).status).toBe(200);
    client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    // Someone of this journey's own in Police (outside the lead's departments): other journeys act on
    // the demo staff (roles, imports), and this one asserts everything the log holds about its person.
    const { rows } = await client.query(
      `INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
       VALUES ('E2E-AUDIT-' || substr(md5(random()::text), 1, 8), 'audit.journey.' || substr(md5(random()::text), 1, 8) || '@equip.test', 'Heather', 'Wright', $1)
       RETURNING id, first_name || ' ' || last_name AS name, department_id AS "departmentId"`,
      [city.otherDepartmentId],
    );
    person = rows[0];
    adminName = (await client.query(`SELECT first_name || ' ' || last_name AS name FROM staff WHERE id = $1`, [city.adminId])).rows[0].name;
    course = (
      await client.query(
        `SELECT c.slug, v.title FROM course c JOIN course_version v ON v.id = c.current_version_id
          WHERE c.archived_at IS NULL AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.course_id = c.id AND a.staff_id = $1 AND a.completed_at IS NULL AND a.exempted_at IS NOT NULL)
          ORDER BY c.slug LIMIT 1`,
        [person.id],
      )
    ).rows[0];
  });

  afterAll(async () => {
    await client.end();
  });

  it('refuses a filter it cannot apply with a 400 naming the field, for the page and the CSV', async () => {
    for (const [query, field] of [
      ['action=assignment.', 'action'],
      ['action=Exempted', 'action'],
      ['staffId=Heather', 'staffId'],
      ['departmentId=APD', 'departmentId'],
      ['to=2026-13-01', 'to'],
      ['format=csv&staffId=1', 'staffId'],
    ]) {
      const res = await admin.get(`/api/audit-events?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.headers.get('content-disposition')).toBeNull();
      expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toEqual([field]);
    }
  });

  let assignmentId: string;

  it('words an exemption: who exempted whom from what, and why, with the names linked', async () => {
    await json<AssignResult>(await admin.post('/api/assignments', { staffId: person.id, courseSlug: course.slug, due: { kind: 'absolute', dueOn: '2027-06-30' } }), 201);
    assignmentId = (
      await client.query(`SELECT a.id FROM assignment a JOIN course c ON c.id = a.course_id WHERE a.staff_id = $1 AND c.slug = $2 AND a.completed_at IS NULL`, [person.id, course.slug])
    ).rows[0].id;
    await json<AssignmentView>(await admin.post(`/api/assignments/${assignmentId}/exemption`, { reason }), 200);

    const page = await json<Page<AuditEventView>>(await admin.get(`/api/audit-events?staffId=${person.id}`), 200);
    const [exemption] = page.items;
    expect(exemption.action).toBe('assignment.exempted');
    expect(sentence(exemption)).toBe(`${adminName} exempted ${person.name} from ${course.title}: ${reason}`);
    expect(exemption.summary.filter((p) => p.link).map((p) => p.link)).toEqual([
      { kind: 'staff', ref: city.adminId },
      { kind: 'staff', ref: person.id },
      { kind: 'course', ref: course.slug },
    ]);
    expect(exemption.actionLabel).toBe('Exempted from training');
    expect(exemption.changes).toContainEqual({ field: 'exemptReason', label: 'Reason for exemption', before: null, after: reason });
    expect(exemption.changes.map((c) => c.field)).not.toContain('id');
    expect(exemption.occurredAt).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M [A-Z]{2,5}$/);
    expect(exemption.department).toEqual({ id: person.departmentId, name: expect.any(String) });
    // The assignment itself is listed for the person too, in words.
    expect(page.items.map((e) => e.action)).toContain('assignment.assigned');
  });

  it('finds it by the department the person was in, by kind of action and by day', async () => {
    const ids = async (query: string) => (await json<Page<AuditEventView>>(await admin.get(`/api/audit-events?${query}&pageSize=200`), 200)).items.map((e) => e.subjectId);
    expect(await ids(`departmentId=${city.otherDepartmentId}&action=assignment.exempted`)).toContain(assignmentId);
    expect(await ids(`departmentId=${city.ownDepartmentId}&action=assignment.exempted`)).not.toContain(assignmentId);
    expect(await ids(`staffId=${person.id}&action=assignments`)).toContain(assignmentId);
    expect(await ids(`staffId=${person.id}&action=roles`)).toEqual([]);
    expect(await ids(`staffId=${person.id}&from=2000-01-01`)).toContain(assignmentId);
    expect(await ids(`staffId=${person.id}&to=2000-01-01`)).toEqual([]);
  });

  it('exports one CSV row per changed field, in words, with the raw JSON last', async () => {
    const res = await admin.get(`/api/audit-events?format=csv&staffId=${person.id}&action=assignment.exempted`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = (await res.text()).trimEnd().split('\r\n');
    expect(header).toBe('time,actor,action,subject,field,before,after,raw_json');
    const page = await json<Page<AuditEventView>>(await admin.get(`/api/audit-events?staffId=${person.id}&action=assignment.exempted`), 200);
    expect(rows).toHaveLength(page.items.reduce((n, e) => n + Math.max(1, e.changes.length), 0));
    const reasonRow = rows.find((r) => r.includes(',Reason for exemption,'));
    expect(reasonRow).toContain(`,${adminName},Exempted from training,${person.name} (${course.title}),Reason for exemption,,${reason},"{`);
    const raw = JSON.parse(reasonRow!.slice(reasonRow!.indexOf(',"{') + 2, -1).replace(/""/g, '"'));
    expect(raw).toMatchObject({ action: 'assignment.exempted', subjectId: assignmentId, after: { exemptReason: reason } });
  });
});
