/** The roster CSV header, in order; documented in the README with a sample file. */
export const ROSTER_COLUMNS = [
  'employee_id',
  'first_name',
  'last_name',
  'email',
  'department_code',
  'job_title',
  'job_class',
  'work_location',
  'manager_employee_id',
  'hire_date',
  'status',
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

/** One problem in a roster file: the 1-based line of the file and the column it is in. */
export interface RosterProblem {
  line: number;
  column: RosterColumn | null;
  message: string;
}

export interface RosterChange {
  employeeId: string;
  name: string;
  /** field -> [before, after] */
  fields: Record<string, [string | null, string | null]>;
}

/**
 * POST /api/roster/imports (multipart field `file`, query `dryRun=true|false`).
 * With problems nothing is written and the answer is 422 with this body.
 */
export interface RosterImportResult {
  dryRun: boolean;
  applied: boolean;
  rows: number;
  problems: RosterProblem[];
  /** How many more problems there were beyond those listed (the first 1,000, in file order). */
  omittedProblems?: number;
  added: { employeeId: string; name: string }[];
  changed: RosterChange[];
  deactivated: { employeeId: string; name: string }[];
  reactivated: { employeeId: string; name: string }[];
  unchanged: number;
  /** After a real upload: invitations to set a password sent to the active staff it added. */
  invitations?: { invited: number; notSent: number };
}
