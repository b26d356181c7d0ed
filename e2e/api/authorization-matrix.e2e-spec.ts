import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { issueCourseCertificate } from '../support/certificates';
import { createSignIn, demoCity, DemoCity } from '../support/fixtures';
import { Session } from '../support/http';

/**
 * The authorization matrix: every route of the running api (read from its OpenAPI document) ×
 * every role × own and other department → the status it must answer. A route the matrix does not
 * list fails the test, so a new endpoint cannot ship without deciding who may call it.
 *
 * Write routes are called with bodies that a permitted caller would get a 400 or 404 for, so the
 * matrix proves who gets past authorization without changing the demo city.
 *
 * The queue dashboard (bull-board, /api/admin/queues and everything under it, RASE administrators
 * only) is left out of the OpenAPI document; worker-dashboard.e2e-spec.ts checks every role on it.
 */
type Who = 'anonymous' | 'learner' | 'lead' | 'admin' | 'viewer';
const EVERYONE: Who[] = ['anonymous', 'learner', 'lead', 'admin', 'viewer'];

interface Case {
  /** What this case exercises, e.g. "own department" or "other department". */
  name: string;
  path?: (city: DemoCity) => string;
  body?: unknown | ((city: DemoCity) => unknown);
  /** Sign in a fresh session for this case (for routes that end the session). */
  fresh?: boolean;
  expect: Record<Who, number>;
}

const same = (status: number, signedOut = 401): Record<Who, number> => ({
  anonymous: signedOut,
  learner: status,
  lead: status,
  admin: status,
  viewer: status,
});

/** Routes for equity leads and administrators only. */
const LEADS = (status: number): Record<Who, number> => ({ anonymous: 401, learner: 403, lead: status, admin: status, viewer: 403 });

/** Reporting routes: administrators, viewers and leads (in their departments). */
const REPORTS = (status: number): Record<Who, number> => ({ anonymous: 401, learner: 403, lead: status, admin: status, viewer: status });

/** A reporting route on the lead's own department and on another department (404 for the lead); `viewer` for person-level lists. */
function reportsIn(path: (departmentId: string) => string, status: number, viewer = status): Case[] {
  return [
    { name: 'own department', path: (c) => path(c.ownDepartmentId), expect: { ...REPORTS(status), viewer } },
    { name: 'other department', path: (c) => path(c.otherDepartmentId), expect: { ...REPORTS(status), lead: 404, viewer } },
  ];
}
/** Set in beforeAll: a certificate issued by the worker to someone who is none of the matrix's callers. */
const certificate = { id: '', verificationCode: '' };

/** Set in beforeAll: cohorts the matrix acts on. */
const cohorts = { own: '', other: '', disposable: '', ownDepartmentId: '', otherDepartmentId: '' };

/** A reporting route on the lead's own cohort and on another department's (404 for the lead); `viewer` for person-level lists. */
function reportsOnCohort(path: (id: string) => string, status: number, viewer = status): Case[] {
  return [
    { name: 'own department', path: () => path(cohorts.own), expect: { ...REPORTS(status), viewer } },
    { name: 'other department', path: () => path(cohorts.other), expect: { ...REPORTS(status), lead: 404, viewer } },
  ];
}

/** A cohort route on the lead's own cohort (`status`) and on another department's (404 for the lead). */
function scoped(path: (id: string) => string, status: number, body?: unknown): Case[] {
  return [
    { name: 'own department', path: () => path(cohorts.own), body, expect: LEADS(status) },
    { name: 'other department', path: () => path(cohorts.other), body, expect: { ...LEADS(status), lead: 404 } },
  ];
}

const MATRIX: Record<string, Case[]> = {
  'GET /api/health': [{ name: 'liveness', expect: same(200, 200) }],
  'GET /api/health/ready': [{ name: 'readiness', expect: same(200, 200) }],
  'GET /api/city': [{ name: "the city's name and time zone, for every page", expect: same(200, 200) }],
  'POST /api/auth/sign-in': [{ name: 'malformed body', body: { email: 'nope' }, expect: same(400, 400) }],
  'GET /api/auth/session': [{ name: 'own session', expect: same(200) }],
  'POST /api/auth/refresh': [{ name: 'rotate', fresh: true, expect: same(200) }],
  'POST /api/auth/sign-out': [{ name: 'end session', fresh: true, expect: same(204, 204) }],
  'GET /api/auth/csrf': [{ name: 'CSRF token', expect: same(200, 200) }],
  'GET /api/auth/providers': [{ name: 'sign-in options', expect: same(200, 200) }],
  'GET /api/auth/sso': [{ name: 'single sign-on turned off', expect: same(404, 404) }],
  'GET /api/auth/sso/callback': [{ name: 'single sign-on turned off', expect: same(404, 404) }],
  'POST /api/auth/password/forgot': [{ name: 'malformed body', body: { email: 'nope' }, expect: same(400, 400) }],
  'POST /api/auth/password/set': [{ name: 'malformed body', body: { token: '' }, expect: same(400, 400) }],
  'POST /api/auth/password/token': [{ name: 'unknown link', body: { token: 'unknown' }, expect: same(404, 404) }],
  'POST /api/auth/invitation/request': [{ name: 'nobody named', body: { emailOrEmployeeId: ' ' }, expect: same(400, 400) }],
  // Leads invite in their departments, administrators anyone; people who can already sign in get nothing, so nothing is written.
  'POST /api/staff/invitations': [
    { name: 'nobody named', body: {}, expect: LEADS(400) },
    { name: 'own department, can already sign in', body: (c: DemoCity) => ({ staffIds: [c.leadId] }), expect: LEADS(202) },
    { name: 'other department', body: (c: DemoCity) => ({ staffIds: [c.adminId] }), expect: { ...LEADS(202), lead: 404 } },
    { name: 'no such cohort', body: () => ({ cohortId: randomUUID() }), expect: LEADS(404) },
  ],
  'GET /api/departments': [{ name: 'department tree', expect: same(200) }],
  'GET /api/admin/failed-jobs': [{ name: 'failed background jobs', expect: { anonymous: 401, learner: 403, lead: 403, admin: 200, viewer: 403 } }],
  'GET /api/staff': [
    { name: 'all in scope', expect: { anonymous: 401, learner: 403, lead: 200, admin: 200, viewer: 403 } },
    {
      name: 'own department',
      path: (c) => `/api/staff?departmentId=${c.ownDepartmentId}`,
      expect: { anonymous: 401, learner: 403, lead: 200, admin: 200, viewer: 403 },
    },
    {
      name: 'other department',
      path: (c) => `/api/staff?departmentId=${c.otherDepartmentId}`,
      expect: { anonymous: 401, learner: 403, lead: 404, admin: 200, viewer: 403 },
    },
  ],
  'GET /api/staff/{staffId}': [
    { name: 'own department', path: (c) => `/api/staff/${c.ownStaffId}`, expect: { anonymous: 401, learner: 404, lead: 200, admin: 200, viewer: 404 } },
    { name: 'other department', path: (c) => `/api/staff/${c.otherStaffId}`, expect: { anonymous: 401, learner: 404, lead: 404, admin: 200, viewer: 404 } },
    { name: 'no such person', path: () => `/api/staff/${randomUUID()}`, expect: { anonymous: 401, learner: 404, lead: 404, admin: 404, viewer: 404 } },
  ],
  // The equity lead's home: scoped in the data layer (a lead's departments; administrators the city).
  'GET /api/lead/home': [{ name: 'in scope', expect: LEADS(200) }],
  // A person's record of learning: the person, their leads (inside their departments) and administrators; 404 to anyone else, as for no one.
  'GET /api/staff/{staffId}/record': [
    { name: 'own department', path: (c) => `/api/staff/${c.ownStaffId}/record`, expect: { anonymous: 401, learner: 404, lead: 200, admin: 200, viewer: 404 } },
    { name: 'other department', path: (c) => `/api/staff/${c.otherStaffId}/record`, expect: { anonymous: 401, learner: 404, lead: 404, admin: 200, viewer: 404 } },
    { name: 'the learner themself', path: (c) => `/api/staff/${c.learnerId}/record`, expect: { anonymous: 401, learner: 200, lead: 404, admin: 200, viewer: 404 } },
    { name: 'the viewer themself', path: (c) => `/api/staff/${c.viewerId}/record`, expect: { anonymous: 401, learner: 404, lead: 404, admin: 200, viewer: 200 } },
    { name: 'no such person', path: () => `/api/staff/${randomUUID()}/record`, expect: { anonymous: 401, learner: 404, lead: 404, admin: 404, viewer: 404 } },
  ],
  // A person's record of learning: the person, their leads (inside their departments) and administrators; 404 to anyone else, as for no one.
  'GET /api/staff/{staffId}/record.csv': [
    { name: 'own department', path: (c) => `/api/staff/${c.ownStaffId}/record.csv`, expect: { anonymous: 401, learner: 404, lead: 200, admin: 200, viewer: 404 } },
    { name: 'other department', path: (c) => `/api/staff/${c.otherStaffId}/record.csv`, expect: { anonymous: 401, learner: 404, lead: 404, admin: 200, viewer: 404 } },
    { name: 'the learner themself', path: (c) => `/api/staff/${c.learnerId}/record.csv`, expect: { anonymous: 401, learner: 200, lead: 404, admin: 200, viewer: 404 } },
    { name: 'the viewer themself', path: (c) => `/api/staff/${c.viewerId}/record.csv`, expect: { anonymous: 401, learner: 404, lead: 404, admin: 200, viewer: 200 } },
    { name: 'no such person', path: () => `/api/staff/${randomUUID()}/record.csv`, expect: { anonymous: 401, learner: 404, lead: 404, admin: 404, viewer: 404 } },
  ],
  // A person's record of learning: the person, their leads (inside their departments) and administrators; 404 to anyone else, as for no one.
  'GET /api/staff/{staffId}/record.pdf': [
    { name: 'own department', path: (c) => `/api/staff/${c.ownStaffId}/record.pdf`, expect: { anonymous: 401, learner: 404, lead: 200, admin: 200, viewer: 404 } },
    { name: 'other department', path: (c) => `/api/staff/${c.otherStaffId}/record.pdf`, expect: { anonymous: 401, learner: 404, lead: 404, admin: 200, viewer: 404 } },
    { name: 'the learner themself', path: (c) => `/api/staff/${c.learnerId}/record.pdf`, expect: { anonymous: 401, learner: 200, lead: 404, admin: 200, viewer: 404 } },
    { name: 'the viewer themself', path: (c) => `/api/staff/${c.viewerId}/record.pdf`, expect: { anonymous: 401, learner: 404, lead: 404, admin: 200, viewer: 200 } },
    { name: 'no such person', path: () => `/api/staff/${randomUUID()}/record.pdf`, expect: { anonymous: 401, learner: 404, lead: 404, admin: 404, viewer: 404 } },
  ],
  'POST /api/staff/{staffId}/grants': [
    {
      name: 'own department',
      path: (c) => `/api/staff/${c.ownStaffId}/grants`,
      body: { role: 'equity_lead' },
      expect: { anonymous: 401, learner: 403, lead: 403, admin: 400, viewer: 403 },
    },
    {
      name: 'other department',
      path: (c) => `/api/staff/${c.otherStaffId}/grants`,
      body: { role: 'equity_lead' },
      expect: { anonymous: 401, learner: 403, lead: 403, admin: 400, viewer: 403 },
    },
  ],
  'DELETE /api/staff/{staffId}/grants/{grantId}': [
    {
      name: 'own department',
      path: (c) => `/api/staff/${c.ownStaffId}/grants/${randomUUID()}`,
      expect: { anonymous: 401, learner: 403, lead: 403, admin: 404, viewer: 403 },
    },
  ],
  'POST /api/staff/{staffId}/sessions/end': [
    { name: 'own department', path: (c) => `/api/staff/${c.ownStaffId}/sessions/end`, expect: { anonymous: 401, learner: 403, lead: 403, admin: 200, viewer: 403 } },
    { name: 'other department', path: (c) => `/api/staff/${c.otherStaffId}/sessions/end`, expect: { anonymous: 401, learner: 403, lead: 403, admin: 200, viewer: 403 } },
    { name: 'no such person', path: () => `/api/staff/${randomUUID()}/sessions/end`, expect: { anonymous: 401, learner: 403, lead: 403, admin: 404, viewer: 403 } },
  ],
  'POST /api/roster/imports': [
    // A JSON body where the route takes a multipart form: past authorization, refused for its type.
    { name: 'dry run, JSON instead of a file', path: () => '/api/roster/imports?dryRun=true', expect: { anonymous: 401, learner: 403, lead: 403, admin: 415, viewer: 403 } },
  ],
  'GET /api/roster/format': [{ name: 'the saved roster file format', expect: { anonymous: 401, learner: 403, lead: 403, admin: 200, viewer: 403 } }],
  'PUT /api/roster/format': [
    { name: 'a date order that is none', body: { dateOrder: 'sideways', columnNames: [] }, expect: { anonymous: 401, learner: 403, lead: 403, admin: 400, viewer: 403 } },
  ],
  // Import records: RASE administrators only, city-wide (an import is not a department's).
  'GET /api/roster/imports': [{ name: 'import records', expect: { anonymous: 401, learner: 403, lead: 403, admin: 200, viewer: 403 } }],
  'GET /api/roster/imports/{id}': [
    { name: 'no such import', path: () => `/api/roster/imports/${randomUUID()}`, expect: { anonymous: 401, learner: 403, lead: 403, admin: 404, viewer: 403 } },
  ],
  'GET /api/roster/imports/{id}/changes.csv': [
    { name: 'no such import', path: () => `/api/roster/imports/${randomUUID()}/changes.csv`, expect: { anonymous: 401, learner: 403, lead: 403, admin: 404, viewer: 403 } },
  ],
  'POST /api/roster/imports/{id}/undo': [
    { name: 'preview, no such import', path: () => `/api/roster/imports/${randomUUID()}/undo?dryRun=true`, expect: { anonymous: 401, learner: 403, lead: 403, admin: 404, viewer: 403 } },
  ],
  // The scheduled feed's files: RASE administrators only, city-wide, like the imports.
  'GET /api/roster/feed-files': [{ name: 'feed files', expect: { anonymous: 401, learner: 403, lead: 403, admin: 200, viewer: 403 } }],
  'POST /api/roster/feed-files/{id}/apply': [
    { name: 'preview, no such file', path: () => `/api/roster/feed-files/${randomUUID()}/apply?dryRun=true`, expect: { anonymous: 401, learner: 403, lead: 403, admin: 404, viewer: 403 } },
  ],
  'POST /api/roster/feed-files/{id}/discard': [
    { name: 'no such file', path: () => `/api/roster/feed-files/${randomUUID()}/discard`, expect: { anonymous: 401, learner: 403, lead: 403, admin: 404, viewer: 403 } },
  ],
  'GET /api/audit-events': [
    { name: 'audit log', expect: { anonymous: 401, learner: 403, lead: 403, admin: 200, viewer: 403 } },
    // Filters name people and departments: a lead may not read their own department's log either.
    { name: 'by a person', path: (c) => `/api/audit-events?staffId=${c.ownStaffId}`, expect: { anonymous: 401, learner: 403, lead: 403, admin: 200, viewer: 403 } },
    { name: 'by own department', path: (c) => `/api/audit-events?departmentId=${c.ownDepartmentId}`, expect: { anonymous: 401, learner: 403, lead: 403, admin: 200, viewer: 403 } },
    { name: 'by a kind of action', path: () => '/api/audit-events?action=assignments', expect: { anonymous: 401, learner: 403, lead: 403, admin: 200, viewer: 403 } },
    { name: 'CSV by a person', path: (c) => `/api/audit-events?format=csv&staffId=${c.learnerId}`, expect: { anonymous: 401, learner: 403, lead: 403, admin: 200, viewer: 403 } },
  ],
  // The learner's routes act on the caller's own records: every signed-in role gets the same answer.
  'GET /api/catalog/courses': [{ name: 'published catalog', expect: same(200) }],
  'GET /api/catalog/courses/{slug}': [
    { name: 'a course', path: () => '/api/catalog/courses/racial-equity-foundations', expect: same(200) },
    { name: 'no such course', path: () => '/api/catalog/courses/no-such-course', expect: same(404) },
  ],
  'POST /api/learning/courses/{slug}/enrol': [{ name: 'no such course', path: () => '/api/learning/courses/no-such-course/enrol', expect: same(404) }],
  'GET /api/learning/assignments': [{ name: 'my assignments', expect: same(200) }],
  'GET /api/learning/enrollments/{id}': [{ name: 'not mine or none', path: () => `/api/learning/enrollments/${randomUUID()}`, expect: same(404) }],
  'GET /api/learning/enrollments/{id}/lessons/{lessonSlug}': [
    { name: 'not mine or none', path: () => `/api/learning/enrollments/${randomUUID()}/lessons/intro`, expect: same(404) },
  ],
  'POST /api/learning/enrollments/{id}/lessons/{lessonSlug}/complete': [
    { name: 'not mine or none', path: () => `/api/learning/enrollments/${randomUUID()}/lessons/intro/complete`, expect: same(404) },
  ],
  'POST /api/learning/enrollments/{id}/lessons/{lessonSlug}/attempts': [
    { name: 'malformed body', path: () => `/api/learning/enrollments/${randomUUID()}/lessons/check/attempts`, body: {}, expect: same(400) },
  ],
  'POST /api/learning/enrollments/{id}/lessons/{lessonSlug}/attempt-requests': [
    { name: 'not mine or none', path: () => `/api/learning/enrollments/${randomUUID()}/lessons/check/attempt-requests`, expect: same(404) },
  ],
  'PUT /api/learning/enrollments/{id}/lessons/{lessonSlug}/reflection': [
    { name: 'not mine or none', path: () => `/api/learning/enrollments/${randomUUID()}/lessons/reflect/reflection`, body: { text: 'x' }, expect: same(404) },
  ],
  'POST /api/learning/enrollments/{id}/lessons/{lessonSlug}/attestation': [
    { name: 'not mine or none', path: () => `/api/learning/enrollments/${randomUUID()}/lessons/affirm/attestation`, body: { affirm: true }, expect: same(404) },
  ],
  'GET /api/learning/tracks': [{ name: 'my track progress', expect: same(200) }],
  'GET /api/learning/tracks/{slug}': [
    { name: 'a track', path: () => '/api/learning/tracks/all-staff-foundations', expect: same(200) },
    { name: 'no such track', path: () => '/api/learning/tracks/no-such-track', expect: same(404) },
  ],
  'GET /api/learning/competencies': [{ name: 'my competencies', expect: same(200) }],
  'GET /api/learning/certificates': [{ name: 'my certificates', expect: same(200) }],
  // Notifications: the caller's own, whatever the role.
  'GET /api/notifications': [{ name: 'my notifications', expect: same(200) }],
  'POST /api/notifications/read': [{ name: 'nothing named', body: {}, expect: same(400) }],
  'GET /api/notifications/preferences': [{ name: 'my email preference', expect: same(200) }],
  'PUT /api/notifications/preferences': [
    { name: 'assigned-training email off (refused)', body: { optionalTrainingEmail: true, assignedTrainingEmail: false }, expect: same(400) },
  ],

  // Cohorts: `cohorts` are made in beforeAll — one in the lead's department (TES), one in APD, and one in APD that the admin's DELETE archives.
  'GET /api/cohorts': [{ name: 'in scope', expect: LEADS(200) }],
  'POST /api/cohorts': [
    { name: 'malformed body', body: {}, expect: LEADS(400) },
    { name: 'other department', body: () => ({ name: 'x', departmentId: cohorts.otherDepartmentId, kind: 'static', rule: {} }), expect: LEADS(400) },
  ],
  'GET /api/cohort-rule-choices': [{ name: 'in scope', expect: LEADS(200) }],
  'POST /api/cohorts/preview': [
    { name: 'own department', body: () => ({ departmentId: cohorts.ownDepartmentId, rule: {} }), expect: LEADS(200) },
    { name: 'other department', body: () => ({ departmentId: cohorts.otherDepartmentId, rule: {} }), expect: { ...LEADS(200), lead: 400 } },
  ],
  'GET /api/cohorts/{id}': scoped((id) => `/api/cohorts/${id}`, 200),
  'PATCH /api/cohorts/{id}': scoped((id) => `/api/cohorts/${id}`, 409, { rule: {} }),
  'DELETE /api/cohorts/{id}': [
    { name: 'no such cohort', path: () => `/api/cohorts/${randomUUID()}`, expect: LEADS(404) },
    { name: 'other department', path: () => `/api/cohorts/${cohorts.disposable}`, expect: { ...LEADS(204), lead: 404 } },
  ],
  // Restore: only archived cohorts; a current one (the lead's own) reads as missing for everyone.
  'POST /api/cohorts/{id}/restore': [
    { name: 'no such cohort', path: () => `/api/cohorts/${randomUUID()}/restore`, expect: LEADS(404) },
    { name: 'a current cohort', path: () => `/api/cohorts/${cohorts.own}/restore`, expect: LEADS(404) },
  ],
  'POST /api/cohorts/{id}/members': scoped((id) => `/api/cohorts/${id}/members`, 400, { staffIds: [randomUUID()] }),
  'POST /api/cohorts/{id}/members/paste': scoped((id) => `/api/cohorts/${id}/members/paste`, 200, { text: 'nobody@nowhere.example' }),
  'POST /api/cohorts/{id}/members/remove': scoped((id) => `/api/cohorts/${id}/members/remove`, 200, { staffIds: [randomUUID()] }),
  'GET /api/cohorts/{id}/members': scoped((id) => `/api/cohorts/${id}/members`, 200),
  'GET /api/cohorts/{id}/members.csv': scoped((id) => `/api/cohorts/${id}/members.csv`, 200),
  'GET /api/cohorts/{id}/history': scoped((id) => `/api/cohorts/${id}/history`, 200),
  'GET /api/cohorts/{id}/assignments': scoped((id) => `/api/cohorts/${id}/assignments`, 200),
  'POST /api/cohorts/{id}/assignments': scoped((id) => `/api/cohorts/${id}/assignments`, 400, { courseSlug: 'no-such-course', due: { kind: 'after_hire', days: 30 } }),
  'POST /api/cohorts/{id}/assignments/preview': scoped((id) => `/api/cohorts/${id}/assignments/preview`, 400, { courseSlug: 'no-such-course', due: { kind: 'after_hire', days: 30 } }),
  // Withdrawal: a definition that does not exist in the lead's own cohort is a 404 too, so only the status of "in scope" differs by who asks.
  'GET /api/cohorts/{id}/assignments/{assignmentId}/withdrawal': scoped((id) => `/api/cohorts/${id}/assignments/${randomUUID()}/withdrawal`, 404),
  'POST /api/cohorts/{id}/assignments/{assignmentId}/withdrawal': scoped((id) => `/api/cohorts/${id}/assignments/${randomUUID()}/withdrawal`, 404, { people: 0 }),
  'POST /api/cohorts/{id}/assignments/{assignmentId}/rule/preview': scoped((id) => `/api/cohorts/${id}/assignments/${randomUUID()}/rule/preview`, 404, { due: { kind: 'after_hire', days: 60 } }),
  'POST /api/cohorts/{id}/assignments/{assignmentId}/rule': scoped((id) => `/api/cohorts/${id}/assignments/${randomUUID()}/rule`, 404, { due: { kind: 'after_hire', days: 60 }, people: 0 }),
  // Bulk exemptions name one of the cohort's assignments; a made-up one is a 404 in the lead's own cohort too.
  'POST /api/cohorts/{id}/exemptions/preview': scoped((id) => `/api/cohorts/${id}/exemptions/preview`, 404, { staffIds: [randomUUID()], cohortAssignmentId: randomUUID() }),
  'POST /api/cohorts/{id}/exemptions': scoped((id) => `/api/cohorts/${id}/exemptions`, 404, { staffIds: [randomUUID()], cohortAssignmentId: randomUUID(), reason: 'x', count: 1 }),
  // Bulk extensions likewise (a day far ahead, so the past-day check never answers first).
  'POST /api/cohorts/{id}/extensions/preview': scoped((id) => `/api/cohorts/${id}/extensions/preview`, 404, { staffIds: [randomUUID()], cohortAssignmentId: randomUUID(), dueOn: '2099-12-31' }),
  'POST /api/cohorts/{id}/extensions': scoped((id) => `/api/cohorts/${id}/extensions`, 404, { staffIds: [randomUUID()], cohortAssignmentId: randomUUID(), dueOn: '2099-12-31', reason: 'x', count: 1 }),
  'POST /api/cohorts/{id}/nudges': scoped((id) => `/api/cohorts/${id}/nudges`, 202, { staffIds: [randomUUID()] }),
  'POST /api/assignments': [
    { name: 'own department', body: (c: DemoCity) => ({ staffId: c.ownStaffId, courseSlug: 'no-such-course', due: { kind: 'after_hire', days: 30 } }), expect: LEADS(400) },
    { name: 'other department', body: (c: DemoCity) => ({ staffId: c.otherStaffId, courseSlug: 'no-such-course', due: { kind: 'after_hire', days: 30 } }), expect: { ...LEADS(400), lead: 404 } },
  ],
  'POST /api/assignments/{id}/exemption': [
    { name: 'no such assignment', path: () => `/api/assignments/${randomUUID()}/exemption`, body: { reason: 'elsewhere' }, expect: LEADS(404) },
  ],
  'POST /api/assignments/{id}/extension': [
    { name: 'no such assignment', path: () => `/api/assignments/${randomUUID()}/extension`, body: { dueOn: '2099-12-31', reason: 'elsewhere' }, expect: LEADS(404) },
  ],
  'DELETE /api/assignments/{id}/exemption': [{ name: 'no such assignment', path: () => `/api/assignments/${randomUUID()}/exemption`, expect: LEADS(404) }],
  // More knowledge-check attempts: people in the lead's departments only (404 elsewhere); a course nobody started is a 400.
  'GET /api/knowledge-check-requests': [{ name: 'in scope', expect: LEADS(200) }],
  'POST /api/knowledge-check-grants': [
    { name: 'own department', body: (c: DemoCity) => ({ staffId: c.ownStaffId, courseSlug: 'no-such-course', lessonSlug: 'check', extraAttempts: 1 }), expect: LEADS(400) },
    { name: 'other department', body: (c: DemoCity) => ({ staffId: c.otherStaffId, courseSlug: 'no-such-course', lessonSlug: 'check', extraAttempts: 1 }), expect: { ...LEADS(400), lead: 404 } },
  ],
  // Reporting: administrators and viewers see the city, leads their departments (404 elsewhere); people lists never for viewers.
  'GET /api/reports/filters': [{ name: 'in scope', expect: REPORTS(200) }],
  'GET /api/reports/dashboard': [
    ...reportsIn((d) => `/api/reports/dashboard?departmentId=${d}`, 200),
    // Figures as published (what viewers see) or the caller's own: anyone who may read the dashboard may ask for either.
    ...reportsIn((d) => `/api/reports/dashboard?departmentId=${d}&figures=published`, 200).map((c) => ({ ...c, name: `${c.name}, as published` })),
    { name: 'unknown figures', path: () => '/api/reports/dashboard?figures=raw', expect: REPORTS(400) },
  ],
  'GET /api/reports/dashboard/heatmap.csv': reportsIn((d) => `/api/reports/dashboard/heatmap.csv?departmentId=${d}`, 200),
  // Figures by week and competency levels are not published: as published (an export's default) 403 for everyone; exact for those who may see them.
  'GET /api/reports/dashboard/weekly.csv': [
    ...reportsIn((d) => `/api/reports/dashboard/weekly.csv?departmentId=${d}`, 403),
    ...reportsIn((d) => `/api/reports/dashboard/weekly.csv?departmentId=${d}&figures=exact`, 200, 403).map((c) => ({ ...c, name: `${c.name}, own figures` })),
  ],
  'GET /api/reports/dashboard/competencies.csv': [
    ...reportsIn((d) => `/api/reports/dashboard/competencies.csv?departmentId=${d}`, 403),
    ...reportsIn((d) => `/api/reports/dashboard/competencies.csv?departmentId=${d}&figures=exact`, 200, 403).map((c) => ({ ...c, name: `${c.name}, own figures` })),
  ],
  'GET /api/reports/dashboard/summary.pdf': [
    ...reportsIn((d) => `/api/reports/dashboard/summary.pdf?departmentId=${d}`, 200),
    ...reportsIn((d) => `/api/reports/dashboard/summary.pdf?departmentId=${d}&figures=exact`, 200).map((c) => ({ ...c, name: `${c.name}, own figures` })),
  ],
  'GET /api/reports/departments/{id}': reportsIn((d) => `/api/reports/departments/${d}`, 200),
  'GET /api/reports/departments/{id}/people': reportsIn((d) => `/api/reports/departments/${d}/people`, 200, 403),
  'GET /api/reports/departments/{id}/people.csv': reportsIn((d) => `/api/reports/departments/${d}/people.csv`, 200, 403),
  // A cohort's figures are not published: exact for those who may see them, 403 for a viewer and as published.
  'GET /api/reports/cohorts/{id}': [
    ...reportsOnCohort((id) => `/api/reports/cohorts/${id}`, 200, 403),
    ...reportsOnCohort((id) => `/api/reports/cohorts/${id}?figures=published`, 403).map((c) => ({ ...c, name: `${c.name}, as published` })),
  ],
  'GET /api/reports/cohorts/{id}/people': [
    ...reportsOnCohort((id) => `/api/reports/cohorts/${id}/people`, 200, 403),
    { name: 'unknown status', path: () => `/api/reports/cohorts/${cohorts.own}/people?status=late`, expect: REPORTS(400) },
  ],
  'GET /api/reports/cohorts/{id}/people.csv': reportsOnCohort((id) => `/api/reports/cohorts/${id}/people.csv`, 200, 403),
  'GET /api/reports/disaggregation': [
    { name: 'by job class', path: () => '/api/reports/disaggregation?dimension=job_class&subject=track:all-staff-foundations', expect: REPORTS(200) },
    { name: 'no subject', path: () => '/api/reports/disaggregation?dimension=job_class', expect: REPORTS(400) },
  ],
  'GET /api/reports/disaggregation.csv': [
    { name: 'by job class', path: () => '/api/reports/disaggregation.csv?dimension=job_class&subject=track:all-staff-foundations', expect: REPORTS(200) },
    // Years of service are not a published attribute: 403 as published; exact for those who may see them.
    { name: 'by tenure', path: () => '/api/reports/disaggregation.csv?dimension=tenure_band&subject=track:all-staff-foundations', expect: REPORTS(403) },
    { name: 'by tenure, own figures', path: () => '/api/reports/disaggregation.csv?dimension=tenure_band&subject=track:all-staff-foundations&figures=exact', expect: { ...REPORTS(200), viewer: 403 } },
  ],
  // Progression is not published: a viewer (who leads nothing) and anyone as published get 403.
  'GET /api/reports/progression': [
    { name: 'in scope', expect: { ...REPORTS(200), viewer: 403 } },
    { name: 'as published', path: () => '/api/reports/progression?figures=published', expect: REPORTS(403) },
  ],
  'GET /api/reports/progression.csv': [
    { name: 'as published (the default)', expect: REPORTS(403) },
    { name: 'own figures', path: () => '/api/reports/progression.csv?figures=exact', expect: { ...REPORTS(200), viewer: 403 } },
  ],
  'GET /api/reports/progression/{departmentId}': reportsIn((d) => `/api/reports/progression/${d}`, 200, 403),
  'GET /api/reports/publication': [{ name: 'the newest', expect: { anonymous: 401, learner: 403, lead: 403, admin: 200, viewer: 403 } }],
  'POST /api/reports/publication': [{ name: 'publish now', body: {}, expect: { anonymous: 401, learner: 403, lead: 403, admin: 202, viewer: 403 } }],
  'GET /api/reports/indicators/records': reportsIn((d) => `/api/reports/indicators/records?departmentId=${d}`, 200),
  'POST /api/reports/indicators/records': [
    { name: 'nothing recorded', body: {}, expect: { anonymous: 401, learner: 403, lead: 403, admin: 400, viewer: 403 } },
  ],

  // Certificates: the PDF is its holder's (the API journey checks the holder) or any administrator's; to anyone else it does not exist.
  'GET /api/certificates': [{ name: 'city-wide list', expect: { anonymous: 401, learner: 403, lead: 403, admin: 200, viewer: 403 } }],
  'GET /api/certificates/{id}/pdf': [
    { name: "someone else's certificate", path: () => `/api/certificates/${certificate.id}/pdf`, expect: { anonymous: 401, learner: 404, lead: 404, admin: 200, viewer: 404 } },
    { name: 'no such certificate', path: () => `/api/certificates/${randomUUID()}/pdf`, expect: same(404) },
  ],
  'GET /api/certificates/verify/{code}': [
    { name: 'a real code (public)', path: () => `/api/certificates/verify/${certificate.verificationCode}`, expect: same(200, 200) },
    { name: 'an unknown code', path: () => '/api/certificates/verify/AAAAAAAAAAAAAAAAAAAAAAAA', expect: same(404, 404) },
  ],
  'POST /api/certificates/{id}/revoke': [
    { name: 'no reason given', path: () => `/api/certificates/${certificate.id}/revoke`, body: {}, expect: { anonymous: 401, learner: 403, lead: 403, admin: 400, viewer: 403 } },
    { name: 'no such certificate', path: () => `/api/certificates/${randomUUID()}/revoke`, body: { reason: 'test' }, expect: { anonymous: 401, learner: 403, lead: 403, admin: 404, viewer: 403 } },
  ],
};

const LOGINS: Record<Exclude<Who, 'anonymous'>, string> = {
  learner: 'learner@equip.demo',
  lead: 'lead@equip.demo',
  admin: 'admin@equip.demo',
  viewer: 'viewer@equip.demo',
};

describe('authorization matrix', () => {
  let city: DemoCity;
  let routes: string[];
  const sessions = new Map<Who, Session>();

  async function signedIn(who: Who, fresh = false): Promise<Session> {
    if (who === 'anonymous') return new Session();
    if (!fresh && sessions.has(who)) return sessions.get(who)!;
    const session = new Session();
    const res = await session.signIn(LOGINS[who], e2e().demoPassword);
    expect(res.status).toBe(200);
    if (!fresh) sessions.set(who, session);
    return session;
  }

  beforeAll(async () => {
    city = await demoCity();
    Object.assign(cohorts, { ownDepartmentId: city.ownDepartmentId, otherDepartmentId: city.otherDepartmentId });
    const client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    try {
      const make = async (name: string, departmentId: string) =>
        (await client.query(`INSERT INTO cohort (name, department_id, kind, owner_id) VALUES ($1, $2, 'static', $3) RETURNING id`, [name, departmentId, city.adminId])).rows[0].id as string;
      cohorts.own = await make('Matrix (own)', city.ownDepartmentId);
      cohorts.other = await make('Matrix (other)', city.otherDepartmentId);
      cohorts.disposable = await make('Matrix (archived by the admin)', city.otherDepartmentId);
    } finally {
      await client.end();
    }
    const holder = await createSignIn(`matrix.certificate.${Date.now()}@equip.demo`, 'a matrix certificate holder passphrase');
    Object.assign(certificate, await issueCourseCertificate(holder, 'racial-equity-foundations'));
    const doc = await (await fetch(`${e2e().baseUrl}/api/docs/openapi.json`)).json();
    routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
  });

  it('has an entry for every route of the running api, and no stale ones', () => {
    expect(routes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
  });

  const cases = Object.entries(MATRIX).flatMap(([route, list]) =>
    list.flatMap((c) => EVERYONE.map((who) => ({ route, who, c }))),
  );

  it.each(cases)('$route ($c.name) as $who', async ({ route, who, c }) => {
    const [method, template] = route.split(' ');
    const path = c.path ? c.path(city) : template;
    const session = await signedIn(who, c.fresh);
    const body = typeof c.body === 'function' ? (c.body as (city: DemoCity) => unknown)(city) : c.body;
    const res = await session.request(method, path, body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}));
    expect({ route, who, status: res.status }).toEqual({ route, who, status: c.expect[who] });
  });
});
