import type { GrantedRole } from './roles';

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
export interface RosterImportResult extends Partial<RosterImportSafety> {
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

/**
 * `full`: the file is the whole roster, and whoever is missing from it is deactivated.
 * `changes-only`: the file adds and updates the people it lists and deactivates only those it lists
 * as inactive; everyone else is left as they are.
 */
export const ROSTER_IMPORT_MODES = ['full', 'changes-only'] as const;
export type RosterImportMode = (typeof ROSTER_IMPORT_MODES)[number];

/** Someone the import would deactivate who holds a role: worth a second look before they go. */
export interface RosterLeavingRoleHolder {
  /** The person's page: `/rase/people/:staffId`. */
  staffId: string;
  employeeId: string;
  name: string;
  roles: GrantedRole[];
}

/** A department whose every active equity lead the import would deactivate. */
export interface RosterDepartmentLosingLead {
  departmentId: string;
  code: string;
  name: string;
  leads: { staffId: string; name: string }[];
}

/**
 * A large deactivation needs the number typed back: `required` when `deactivate` is more than
 * `threshold` (the larger of ROSTER_CONFIRM_ABOVE people and ROSTER_CONFIRM_ABOVE_PERCENT of active staff).
 */
export interface RosterConfirmation {
  required: boolean;
  deactivate: number;
  threshold: number;
  /** The import ran with `confirmDeactivate` equal to `deactivate`. */
  confirmed: boolean;
  /** A real import refused because the confirmation was needed and missing, or named another number. */
  refused?: boolean;
}

/** What every import and dry run adds to `RosterImportResult` besides the lists of people. */
export interface RosterImportSafety {
  mode: RosterImportMode | 'undo';
  leavingRoleHolders: RosterLeavingRoleHolder[];
  departmentsLosingOnlyLead: RosterDepartmentLosingLead[];
  confirmation: RosterConfirmation;
  /** After a real import (or undo): its record, `GET /api/roster/imports/:id`. */
  importId?: string;
  /** For an undo: the import it undoes. */
  undoes?: string;
}

export type RosterImportStatus = 'applied' | 'refused';

/** How an import's file arrived: uploaded by an administrator, given to the cli, or picked up by the scheduled feed. */
export type RosterImportVia = 'upload' | 'cli' | 'feed';

/** One real import (or undo) as recorded, newest first in `GET /api/roster/imports`. */
export interface RosterImportRecord {
  id: string;
  at: string;
  /** The administrator who ran it; null for the cli and the feed's own imports. */
  actor: { id: string; name: string } | null;
  via: RosterImportVia;
  mode: RosterImportMode | 'undo';
  fileName: string | null;
  /** sha256 of the file's bytes, hex; null for an undo. */
  sha256: string | null;
  status: RosterImportStatus;
  rows: number;
  added: number;
  changed: number;
  deactivated: number;
  reactivated: number;
  unchanged: number;
  /** Why a refused import was refused (its first 1,000 problems); empty when applied. */
  problems: RosterProblem[];
  confirmed: boolean;
  /** The import this one undoes. */
  undoes: string | null;
  /** The undo that reversed this import, if one did. */
  undoneBy: string | null;
  /** An applied import that nobody has undone yet; whether it still can be is for the undo's preview to say. */
  undoable: boolean;
}

/**
 * What became of a file of the scheduled feed: `received` (being handled now), `applied` (imported),
 * `held` (needs an administrator: a typed confirmation), `refused` (it has problems) or `discarded`.
 */
export const ROSTER_FEED_FILE_STATES = ['received', 'applied', 'held', 'refused', 'discarded'] as const;
export type RosterFeedFileState = (typeof ROSTER_FEED_FILE_STATES)[number];

/** One file of the scheduled roster feed, newest first in `GET /api/roster/feed-files`. */
export interface RosterFeedFile {
  id: string;
  fileName: string;
  size: number;
  foundAt: string;
  state: RosterFeedFileState;
  /** Why it was held or refused, in words, as the administrators were mailed; null otherwise. */
  reason: string | null;
  /** The import that applied it, or that recorded its problems. */
  importId: string | null;
  /** The administrator who applied or discarded it; null when the feed applied it on its own. */
  decidedBy: { id: string; name: string } | null;
  decidedAt: string | null;
  /** How many people it would deactivate when it was held (the number to type back), else null. */
  deactivate: number | null;
}
