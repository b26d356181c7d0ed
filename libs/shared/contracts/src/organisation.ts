import type { AuditChange, AuditSummaryPart } from './audit';
import type { GrantedRole } from './roles';

export type DepartmentKind = 'department' | 'division' | 'section';

/** GET /api/departments — the tree, flattened in display order (parents before children). */
export interface DepartmentNode {
  id: string;
  code: string;
  name: string;
  kind: DepartmentKind;
  parentId: string | null;
  depth: number;
  /**
   * Active staff in this department itself (not its sub-departments); null for callers who see
   * protected figures there (viewers, learners), since reporting protects the same count.
   */
  activeStaff: number | null;
  /** Active staff in this department and every unit under it; null exactly when `activeStaff` is. */
  activeStaffWithUnits: number | null;
  /**
   * The active equity leads granted this department itself (not inherited from a parent), by name;
   * given to RASE administrators only, absent for everyone else.
   */
  leads?: { staffId: string; name: string }[];
}

/** A staff member as lists show them. */
export interface StaffSummary {
  id: string;
  employeeId: string;
  firstName: string;
  lastName: string;
  email: string;
  department: { id: string; code: string; name: string };
  jobTitle: string | null;
  jobClass: string | null;
  workLocation: string | null;
  active: boolean;
  /** How they get into Equip. */
  account: AccountStatus;
}

/**
 * How a person gets into Equip, computed by the api: `sso` signs in with single sign-on,
 * `password` has a password, `invited` was sent an invitation that still works, `waiting` has an
 * invitation queued behind the hourly limit, `expired` was invited but the link no longer works,
 * `never_invited`, and `inactive` (no longer on staff).
 */
export type AccountStatusKind = 'sso' | 'password' | 'invited' | 'waiting' | 'expired' | 'never_invited' | 'inactive';

export interface AccountStatus {
  kind: AccountStatusKind;
  /** For `invited` with a set-password link: the last calendar day (city time) it works. */
  linkExpiresOn: string | null;
}

/** GET /api/staff/:id */
export interface StaffDetail extends StaffSummary {
  hireDate: string | null;
  manager: { id: string; firstName: string; lastName: string } | null;
  grants: RoleGrantView[];
  hasAccount: boolean;
}

/** GET /api/staff?search=&departmentId=&includeSubDepartments=&active=&page=&pageSize= */
export interface StaffQuery {
  search?: string;
  departmentId?: string;
  active?: boolean;
  page?: number;
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface RoleGrantView {
  id: string;
  role: GrantedRole;
  department: { id: string; code: string; name: string } | null;
  grantedAt: string;
  grantedBy: { id: string; firstName: string; lastName: string } | null;
}

/** POST /api/staff/:id/grants */
export interface GrantRoleRequest {
  role: GrantedRole;
  /** Required for equity_lead; must be absent for rase_admin and viewer. */
  departmentId?: string;
}

/**
 * GET /api/audit-events?staffId=&departmentId=&action=&actorId=&subjectType=&subjectId=&from=&to=&page=&pageSize=
 * (CSV: ?format=csv, one row per changed field). `action` is an action code or a group key of
 * `AUDIT_ACTION_GROUPS`; `staffId` matches events by or about that person; `departmentId` the
 * subject's department (and its sub-departments) when the event happened; `from`/`to` are days in
 * the city's time zone.
 */
export interface AuditEventView {
  id: string;
  at: string;
  actor: { id: string; firstName: string; lastName: string } | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  /** When, in the city's time zone with the zone named, e.g. "Mar 1, 2026, 10:04 AM EST". */
  occurredAt: string;
  /** The kind of action in words, e.g. "Exempted from training". */
  actionLabel: string;
  /** Who did what to whom, as text with linked names. */
  summary: AuditSummaryPart[];
  /** Whom or what it is about, in words (the CSV's subject column). */
  subject: string;
  /** Before → after, one entry per changed field, in words. */
  changes: AuditChange[];
  /** The subject's department when the event happened (null when it has none or was not recorded). */
  department: { id: string; name: string } | null;
}

/**
 * GET /api/city (public): the city as every page shows it. The web formats instants (an audit
 * event, an import) in `timeZone` with the zone named, and never converts a due day (YYYY-MM-DD),
 * which is already the city's.
 */
export interface CityFacts {
  /** CITY_NAME, e.g. "City of Alexandria". */
  name: string;
  /** CITY_TIME_ZONE, an IANA zone such as America/New_York. */
  timeZone: string;
}
