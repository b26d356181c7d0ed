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

/** One real import (or undo) as recorded, newest first in `GET /api/roster/imports`. */
export interface RosterImportRecord {
  id: string;
  at: string;
  /** The administrator who ran it; null for the cli. */
  actor: { id: string; name: string } | null;
  via: 'upload' | 'cli';
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
