import type { Area, Role } from './roles';

export interface SignInRequest {
  email: string;
  password: string;
}

export interface DepartmentRef {
  id: string;
  code: string;
  name: string;
}

/** Who is signed in and what they may open; the web app renders its navigation from this. */
export interface SessionUser {
  id: string;
  employeeId: string;
  email: string;
  firstName: string;
  lastName: string;
  department: DepartmentRef;
  roles: Role[];
  /** Departments an equity lead leads (their subtrees are included in scope). */
  leadDepartments: DepartmentRef[];
  areas: Area[];
}

/**
 * CSRF protection (double-submit cookie): the api sets this readable cookie, and every
 * POST/PUT/PATCH/DELETE must repeat its value in this header. These are Angular HttpClient's
 * default names, so the web app needs no configuration.
 */
export const CSRF_COOKIE_NAME = 'XSRF-TOKEN';
export const CSRF_HEADER_NAME = 'X-XSRF-TOKEN';

/** GET /api/auth/csrf: also sets the cookie. */
export interface CsrfToken {
  token: string;
  headerName: string;
}

/** GET /api/auth/providers: how the sign-in page may offer to sign in. */
export interface AuthProviders {
  password: true;
  /** Single sign-on with the city's OpenID provider, when it is turned on. */
  sso: { label: string } | null;
}

/**
 * Why single sign-on did not sign someone in; the api redirects to `/sign-in?error=<this>`.
 * `sso_no_account`: no staff member has the provider's email; `sso_inactive`: that staff member is
 * no longer active; `sso_unverified_email`: the provider says the email is not verified;
 * `sso_failed`: the provider refused or the exchange failed (try again); `sso_unknown_employee_id`: the
 * provider's employee-id claim names no staff member (the page names the id, from `&employeeId=`).
 */
export type SsoSignInError = 'sso_no_account' | 'sso_inactive' | 'sso_unverified_email' | 'sso_failed' | 'sso_unknown_employee_id';

export type PasswordTokenPurpose = 'invite' | 'reset';

/** POST /api/auth/password/forgot: always answered 202 with the same message. */
export interface ForgotPasswordRequest {
  email: string;
}

export interface ForgotPasswordAnswer {
  message: string;
}

/** POST /api/auth/password/set: answers the SessionUser (signed in) or 400 naming `token` or `password`. */
export interface SetPasswordRequest {
  token: string;
  password: string;
}

/**
 * POST /api/auth/password/token: the link's token travels in the body (never in a URL a server
 * logs), so the set-password page can greet the person; 404 when the link is unusable.
 */
export interface PasswordTokenRequest {
  token: string;
}

export interface PasswordTokenInfo {
  purpose: PasswordTokenPurpose;
  email: string;
  firstName: string;
}

/**
 * POST /api/staff/invitations: staffIds, a department (with its sub-departments), a cohort's current
 * members, or several. RASE administrators may invite anyone; equity leads people in their departments.
 */
export interface InviteStaffRequest {
  staffIds?: string[];
  departmentId?: string;
  cohortId?: string;
}

export interface InviteStaffResult {
  /** Active staff without an account whose invitation is now queued (sent at once, or waiting). */
  invited: number;
  /** Of those, how many wait past this hour's invitation limit (sent as the hour allows). */
  waiting: number;
  /** Not invited again: they can already sign in. */
  alreadyHaveAccount: number;
  /** Not invited again: an invitation of theirs is already waiting to be sent. */
  alreadyWaiting: number;
  /** Not invited: no longer active. */
  inactive: number;
  /** Everyone asked about who was not invited (the three counts above). */
  skipped: number;
  /** Invited, but the mail could not be sent; inviting them again sends a fresh link. */
  notSent: number;
}

/** POST /api/auth/invitation/request (public): a person without an account asks for their invitation. */
export interface AskForInvitationRequest {
  /** Their work email address or their employee id. */
  emailOrEmployeeId: string;
}

export interface AskForInvitationAnswer {
  message: string;
}

/** POST /api/staff/{staffId}/sessions/end (RASE administrators): what ending a person's sessions did. */
export interface EndSessionsResult {
  /** Sessions that were live and are now ended (every device the person was signed in on). */
  sessionsEnded: number;
  /** One-time links (invitation or reset) that would have worked and no longer do. */
  linksSpent: number;
}
