/**
 * Every kind of audit event Equip records, grouped the way the audit log's "Kind of action" picker
 * shows them. The server's wording table has one sentence per code here (its unit test fails on a
 * recorded code that is missing), and `GET /api/audit-events?action=` takes a code or a group key.
 */
export const AUDIT_ACTION_GROUPS = [
  {
    key: 'accounts',
    label: 'Sign-in and accounts',
    actions: {
      'staff.invited': 'Invited to set a password',
      'staff.invitation_requested': 'Invitation asked for',
      'auth.password_reset_requested': 'Password reset requested',
      'auth.password_set': 'Password set',
      'auth.sso_sign_in': 'Signed in with single sign-on',
      'auth.locked_out': 'Locked out after failed sign-ins',
      'auth.sessions_ended': 'All sessions ended',
      'auth.refresh_reused': 'Replaced session reused',
    },
  },
  { key: 'roles', label: 'Roles', actions: { 'role.granted': 'Role granted', 'role.revoked': 'Role removed' } },
  {
    key: 'roster',
    label: 'Roster',
    actions: {
      'roster.imported': 'Roster imported',
      'roster.import-undone': 'Roster import undone',
      'roster.format_changed': 'Roster file format changed',
      'roster.feed-file-applied': 'Held nightly file imported',
      'roster.feed-file-discarded': 'Nightly file discarded',
    },
  },
  {
    key: 'cohorts',
    label: 'Cohorts',
    actions: {
      'cohort.created': 'Cohort created',
      'cohort.updated': 'Cohort changed',
      'cohort.archived': 'Cohort archived',
      'cohort.restored': 'Cohort restored',
      'cohort.members_added': 'People added to a cohort',
      'cohort.members_removed': 'People removed from a cohort',
      'cohort.reevaluated': 'Cohort rule re-evaluated',
      'cohort.nudged': 'Cohort members reminded',
    },
  },
  {
    key: 'assignments',
    label: 'Assignments and exemptions',
    actions: {
      'cohort.assigned': 'Training assigned to a cohort',
      'cohort.assignment_withdrawn': 'Training withdrawn from a cohort',
      'cohort.assignment_rule_changed': 'Due date rule changed for a cohort',
      'assignment.assigned': 'Training assigned to a person',
      'assignment.exempted': 'Exempted from training',
      'assignment.exemption_revoked': 'Exemption ended',
      'assignment.extended': 'Due date extended for a person',
      'knowledge_check.attempts_granted': 'More knowledge-check attempts granted',
    },
  },
  { key: 'certificates', label: 'Certificates', actions: { 'certificate.revoked': 'Certificate revoked' } },
  { key: 'catalog', label: 'Course catalog', actions: { 'catalog.synced': 'Catalog updated from its files' } },
  { key: 'indicators', label: 'Equity indicators', actions: { 'indicator.recorded': 'Indicator recorded', 'figures.publish_requested': 'Published figures renewed' } },
  { key: 'system', label: 'System', actions: { 'demo.seeded': 'Demo city created' } },
] as const;

type Group = (typeof AUDIT_ACTION_GROUPS)[number];
export type AuditActionGroupKey = Group['key'];
export type AuditAction = { [G in Group as G['key']]: keyof G['actions'] }[AuditActionGroupKey];

/** Each action code with its group, in the picker's order. */
export const AUDIT_ACTIONS: readonly { action: AuditAction; label: string; group: AuditActionGroupKey }[] = AUDIT_ACTION_GROUPS.flatMap((group) =>
  Object.entries(group.actions).map(([action, label]) => ({ action: action as AuditAction, label: label as string, group: group.key })),
);

/** What a name in an audit sentence opens: a person, cohort or department by id, a course or track by slug. */
export interface AuditLink {
  kind: 'staff' | 'cohort' | 'department' | 'course' | 'track';
  /** The id (staff, cohort, department) or the slug (course, track). */
  ref: string;
}

/** One piece of an audit sentence; names carry a link. */
export interface AuditSummaryPart {
  text: string;
  link?: AuditLink;
}

/** One changed field of an audit event, both values already in words (null: no value). */
export interface AuditChange {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}
