import { Client } from 'pg';
import { e2e } from './environment';
import type { Session } from './http';

/** The roster CSV's header, in the order the import documents. */
export const ROSTER_HEADER = 'employee_id,first_name,last_name,email,department_code,job_title,job_class,work_location,manager_employee_id,hire_date,status';

/** One staff member as a roster line holds them, in ROSTER_HEADER's order. */
export interface RosterRow {
  employee_id: string;
  first_name: string;
  last_name: string;
  email: string;
  department_code: string;
  job_title: string | null;
  job_class: string | null;
  work_location: string | null;
  manager_employee_id: string | null;
  hire_date: string | null;
  status: 'active' | 'inactive';
}

/** A CSV field: quoted when it holds a quote, comma or line break; empty for null. */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Every staff row of `databaseUrl` (the e2e database by default) as roster lines, exactly as the
 * database holds them, each first passed through `edit` (move someone, change a job class), without
 * the header.
 */
export async function currentRosterLines(edit: (row: RosterRow) => RosterRow = (row) => row, databaseUrl = e2e().databaseUrl): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<RosterRow>(
      `SELECT s.employee_id, s.first_name, s.last_name, s.email, d.code AS department_code, s.job_title, s.job_class, s.work_location,
              m.employee_id AS manager_employee_id, to_char(s.hire_date, 'YYYY-MM-DD') AS hire_date,
              CASE WHEN s.active THEN 'active' ELSE 'inactive' END AS status
         FROM staff s JOIN department d ON d.id = s.department_id LEFT JOIN staff m ON m.id = s.manager_id
        ORDER BY s.employee_id`,
    );
    const columns = ROSTER_HEADER.split(',') as (keyof RosterRow)[];
    return rows.map(edit).map((row) => columns.map((c) => csvField(row[c])).join(','));
  } finally {
    await client.end();
  }
}

/** The whole current roster as one CSV (header included), with `edit` applied. */
export async function currentRoster(edit?: (row: RosterRow) => RosterRow): Promise<string> {
  return [ROSTER_HEADER, ...(await currentRosterLines(edit))].join('\r\n');
}

/** Imports `roster` for real (not a dry run) as the session's person, as the admin page uploads it. */
export async function importRoster(session: Session, roster: string): Promise<Response> {
  if (!session.cookie('XSRF-TOKEN')) await session.get('/api/auth/csrf');
  const form = new FormData();
  form.append('file', new Blob([roster], { type: 'text/csv' }), 'roster.csv');
  const csrf = session.cookie('XSRF-TOKEN') as string;
  const cookie = ['equip_access', 'XSRF-TOKEN'].flatMap((n) => (session.cookie(n) ? [`${n}=${session.cookie(n)}`] : [])).join('; ');
  return fetch(`${e2e().baseUrl}/api/roster/imports?dryRun=false`, { method: 'POST', body: form, headers: { cookie, 'x-xsrf-token': csrf } });
}
