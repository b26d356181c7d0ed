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
  /** What was assumed in reading the file (absent when it could not be read as text). */
  read?: RosterRead;
  /** What was noticed and let pass, such as columns that were ignored. */
  warnings?: RosterWarning[];
}

/** How the bytes of a roster file were read as text. */
export type RosterEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252';
export type RosterSeparator = 'comma' | 'semicolon' | 'tab';
/** `none`: the file is one line; `mixed`: more than one kind. */
export type RosterLineEnds = 'LF' | 'CRLF' | 'CR' | 'mixed' | 'none';
/** How a date such as 3/4/2019 is read: 4 March (`month-first`, the US way) or 3 April (`day-first`). */
export type RosterDateOrder = 'month-first' | 'day-first';
export const ROSTER_DATE_ORDERS: readonly RosterDateOrder[] = ['month-first', 'day-first'];

/** What a roster import assumed about the file, so the administrator can see it before importing. */
export interface RosterRead {
  encoding: RosterEncoding;
  /** The file started with a byte-order mark (which decided the encoding). */
  byteOrderMark: boolean;
  separator: RosterSeparator;
  lineEnds: RosterLineEnds;
  dateOrder: RosterDateOrder;
  /** Each roster column and the header it was read from, as written in the file. */
  headerMatches: { column: RosterColumn; header: string }[];
  /** Headers that are not roster columns; their values were not read. */
  ignoredColumns: string[];
  /** How the first dates in the file were read (at most five): as written, and the day it means. */
  dateSamples: { line: number; column: RosterColumn; written: string; read: string }[];
}

/** Something the import noticed and went on with; not a problem. */
export interface RosterWarning {
  line: number;
  message: string;
}

/** An export's own header for a roster column, e.g. `Emp No` for `employee_id`. */
export interface RosterColumnName {
  header: string;
  column: RosterColumn;
}

/** GET/PUT /api/roster/format: what the city's HR export calls the columns, and how it writes dates. */
export interface RosterFileFormat {
  dateOrder: RosterDateOrder;
  columnNames: RosterColumnName[];
}

export interface RosterFileFormatView extends RosterFileFormat {
  /** When it was last saved; null while it is the default. */
  updatedAt: string | null;
}
