import { AUDIT_ACTIONS, AuditAction, AuditChange, AuditSummaryPart, ROLE_LABELS } from '@equip/shared/contracts';
import { dateTimeFormat, formatDay, isCalendarDate, isInstant } from '@equip/shared/domain';

/** A named thing an event is about, as the audit read query resolved it (by joining, today's name). */
export interface Named {
  id: string;
  name: string;
}

/** An audit event with the names its sentence needs, as `AuditLogService` reads it. */
export interface AuditFacts {
  action: string;
  subjectType: string;
  before: unknown;
  after: unknown;
  actor: Named | null;
  /** The person the event is about: the subject, or the person of the subject assignment or certificate. */
  person: Named | null;
  cohort: Named | null;
  /** The subject department (for events about a department). */
  department: Named | null;
  /** The course or track the event is about. */
  learning: { kind: 'course' | 'track'; slug: string; title: string } | null;
}

type Wording = (e: AuditFacts) => AuditSummaryPart[];

const LABELS = new Map<string, string>(AUDIT_ACTIONS.map((a) => [a.action, a.label]));

/** The kind of action in words; a code Equip no longer records still reads as words. */
export function actionLabel(action: string): string {
  return LABELS.get(action) ?? 'Other change';
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function countOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return typeof value === 'number' ? value : 0;
}

/** Made once: like `toLocaleString`, a formatter per call would cost ICU memory each time. */
const NUMBER = new Intl.NumberFormat('en-US');

function people(n: number): string {
  return n === 1 ? '1 person' : `${NUMBER.format(n)} people`;
}

const plain = (t: string): AuditSummaryPart => ({ text: t });

/** Who did it: the actor's name linked to their page, or Equip itself for scheduled and system work. */
function who(e: AuditFacts): AuditSummaryPart {
  return e.actor ? { text: e.actor.name, link: { kind: 'staff', ref: e.actor.id } } : plain('Equip');
}

function person(e: AuditFacts): AuditSummaryPart {
  return e.person ? { text: e.person.name, link: { kind: 'staff', ref: e.person.id } } : plain('a person no longer on the roster');
}

function cohort(e: AuditFacts): AuditSummaryPart {
  return e.cohort ? { text: e.cohort.name, link: { kind: 'cohort', ref: e.cohort.id } } : plain('a cohort');
}

function department(e: AuditFacts): AuditSummaryPart {
  return e.department ? { text: e.department.name, link: { kind: 'department', ref: e.department.id } } : plain('a department');
}

function learning(e: AuditFacts): AuditSummaryPart {
  if (e.learning) return { text: e.learning.title, link: { kind: e.learning.kind, ref: e.learning.slug } };
  const title = text(field(e.after, 'title')) ?? text(field(e.before, 'title'));
  return plain(title ?? 'a course');
}

/** ": reason" when there is one. */
function because(reason: unknown): AuditSummaryPart[] {
  const why = text(reason);
  return why ? [plain(`: ${why}`)] : [];
}

function rosterCounts(after: unknown): string {
  const n = (key: string) => countOf(field(after, key));
  return `${n('added')} added, ${n('changed')} changed, ${n('deactivated')} deactivated, ${n('reactivated')} reactivated`;
}

function role(grant: unknown): AuditSummaryPart[] {
  const name = field(grant, 'role');
  const where = text(field(field(grant, 'department'), 'name'));
  if (name === 'equity_lead') return [plain(where ? `an equity lead for ${where}` : 'an equity lead')];
  if (name === 'rase_admin') return [plain('a RASE administrator')];
  if (name === 'viewer') return [plain('a viewer')];
  return [plain('a role')];
}

/**
 * One sentence per action Equip records: who did what to whom. `audit-wording.spec.ts` fails when
 * the code records an action missing here, and the type makes every code of `AUDIT_ACTION_GROUPS`
 * need one.
 */
export const WORDING: Record<AuditAction, Wording> = {
  'staff.invited': (e) => {
    const n = countOf(field(e.after, 'invited'));
    const via = field(e.after, 'via') === 'roster' ? ' after a roster import' : '';
    if (e.subjectType === 'department') return [who(e), plain(` invited ${people(n)} in `), department(e), plain(` to set a password${via}`)];
    if (e.person && n <= 1) return [who(e), plain(' invited '), person(e), plain(` to set a password${via}`)];
    return [who(e), plain(` invited ${people(n)} to set a password${via}`)];
  },
  'staff.invitation_requested': (e) => [person(e), plain(' asked for an invitation from the sign-in page, and one was sent')],
  'auth.password_reset_requested': (e) => [plain('A password reset link was requested for '), person(e)],
  'auth.password_set': (e) => [person(e), plain(field(e.after, 'purpose') === 'invitation' ? ' set a password from an invitation' : ' set a new password')],
  'auth.sso_sign_in': (e) => [person(e), plain(' signed in with single sign-on')],
  'auth.locked_out': (e) => [person(e), plain(' was locked out after too many failed sign-ins')],
  'auth.sessions_ended': (e) =>
    e.actor && e.person && e.actor.id === e.person.id ? [person(e), plain(' signed out everywhere')] : [who(e), plain(' ended every session of '), person(e)],
  'auth.refresh_reused': (e) => [plain('A replaced sign-in of '), person(e), plain(' was used again, so all of their sessions were ended')],
  'role.granted': (e) => [who(e), plain(' made '), person(e), plain(' '), ...role(e.after)],
  'role.revoked': (e) => [who(e), plain(' removed '), person(e), plain(' as '), ...role(e.before)],
  'roster.imported': (e) => [who(e), plain(` imported the roster: ${rosterCounts(e.after)}`)],
  'roster.import-undone': (e) => [who(e), plain(` undid a roster import: ${rosterCounts(e.after)}`)],
  'roster.format_changed': (e) => [who(e), plain(' changed how roster files are read')],
  'roster.feed-file-applied': (e) => [who(e), plain(` imported the nightly roster file ${fileName(e)} that had been held`)],
  'roster.feed-file-discarded': (e) => [who(e), plain(` discarded the nightly roster file ${fileName(e)}`)],
  'cohort.created': (e) => [who(e), plain(' created the cohort '), cohort(e)],
  'cohort.updated': (e) => [who(e), plain(' changed the cohort '), cohort(e)],
  'cohort.archived': (e) => [who(e), plain(' archived the cohort '), cohort(e)],
  'cohort.restored': (e) => [who(e), plain(' restored the cohort '), cohort(e), plain(' (without its former members or assignments)')],
  'cohort.members_added': (e) => [who(e), plain(` added ${people(countOf(field(e.after, 'staffIds')))} to the cohort `), cohort(e)],
  'cohort.members_removed': (e) => [who(e), plain(` removed ${people(countOf(field(e.after, 'staffIds')))} from the cohort `), cohort(e)],
  'cohort.reevaluated': (e) => [
    plain('The rule of the cohort '),
    cohort(e),
    plain(` was applied again: ${people(countOf(field(e.after, 'joined')))} joined, ${people(countOf(field(e.after, 'left')))} left`),
  ],
  'cohort.nudged': (e) => [who(e), plain(` reminded ${people(countOf(field(e.after, 'queued')))} in the cohort `), cohort(e), plain(' of their training')],
  'cohort.assigned': (e) => [who(e), plain(field(e.after, 'updated') ? ' changed the assignment of ' : ' assigned '), learning(e), plain(' to the cohort '), cohort(e)],
  'cohort.assignment_withdrawn': (e) => {
    const done = countOf(field(e.after, 'completed'));
    return [
      who(e),
      plain(' withdrew '),
      learning(e),
      plain(' from the cohort '),
      cohort(e),
      plain(`: ${people(countOf(field(e.after, 'people')))}${done ? `; ${NUMBER.format(done)} already completed keep their completion` : ''}`),
    ];
  },
  'cohort.assignment_rule_changed': (e) => {
    const moved = countOf(field(e.after, 'newDueDay'));
    return [
      who(e),
      plain(' changed when '),
      learning(e),
      plain(' is due in the cohort '),
      cohort(e),
      plain(`: ${people(countOf(field(e.after, 'people')))}; ${moved === 1 ? '1 gets' : `${NUMBER.format(moved)} get`} a new due date`),
    ];
  },
  'assignment.assigned': (e) => [who(e), plain(' assigned '), learning(e), plain(' to '), person(e)],
  'assignment.exempted': (e) => [who(e), plain(' exempted '), person(e), plain(' from '), learning(e), ...because(field(e.after, 'exemptReason'))],
  'assignment.extended': (e) => {
    const day = text(field(e.after, 'dueOn'));
    return [who(e), plain(' extended the due date of '), person(e), plain(' for '), learning(e), plain(day ? ` to ${formatDay(day, { dateStyle: 'medium' })}` : ''), ...because(field(e.after, 'extensionReason'))];
  },
  'assignment.exemption_revoked': (e) => [who(e), plain(' ended the exemption of '), person(e), plain(' from '), learning(e)],
  'knowledge_check.attempts_granted': (e) => {
    const n = countOf(field(e.after, 'extraAttempts'));
    const check = text(field(e.after, 'lessonTitle'));
    return [who(e), plain(` gave `), person(e), plain(` ${n === 1 ? '1 more attempt' : `${n} more attempts`} at ${check ? `the knowledge check “${check}” in ` : 'a knowledge check in '}`), learning(e)];
  },
  'certificate.revoked': (e) => [who(e), plain(' revoked the certificate of '), person(e), plain(' for '), learning(e), ...because(field(e.after, 'reason'))],
  'catalog.synced': () => [plain('The course catalog was updated from its files')],
  'indicator.recorded': (e) => [who(e), plain(' recorded an equity indicator for '), department(e)],
  'figures.publish_requested': (e) => [who(e), plain(' asked for the published figures to be computed again now')],
  'demo.seeded': () => [plain('The demo city was created')],
};

/** The sentence for an event; an action without wording (one no longer recorded) still reads as words. */
export function summarize(e: AuditFacts): AuditSummaryPart[] {
  const wording = (WORDING as Record<string, Wording | undefined>)[e.action];
  return wording ? wording(e) : [who(e), plain(' made a change of a kind Equip no longer records')];
}

/** Whom or what the event is about, in words, for the CSV's subject column. */
export function subjectText(e: AuditFacts): string {
  if (e.person && e.learning) return `${e.person.name} (${e.learning.title})`;
  if (e.cohort && e.learning) return `${e.cohort.name} (${e.learning.title})`;
  const named = e.person ?? e.cohort ?? e.department;
  if (named) return named.name;
  return SUBJECT_WORDS[e.subjectType] ?? 'Equip';
}

/** A feed file's name as recorded, quoted; "a file" when the event does not have it. */
function fileName(e: AuditFacts): string {
  const name = field(e.after, 'file');
  return typeof name === 'string' && name ? `“${name}”` : 'a file';
}

const SUBJECT_WORDS: Record<string, string> = {
  staff: 'A person no longer on the roster',
  cohort: 'A cohort',
  assignment: 'An assignment',
  certificate: 'A certificate',
  department: 'A department',
  roster: 'The roster',
  roster_feed_file: 'A nightly roster file',
  catalog: 'The course catalog',
  system: 'Equip',
};

/** The order fields are listed in: the stored JSON (jsonb) keeps no order of its own. */
const FIELD_ORDER = new Map<string, number>();

/** Field names in words, in the order they are listed; others are spelled out from their camelCase name. */
const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  status: 'Status',
  exemptReason: 'Reason for exemption',
  exemptedAt: 'Exempted',
  extensionReason: 'Reason for extension',
  dueOn: 'Due',
  // Events recorded before due dates became city days (CityDueDays) name the field dueAt.
  dueAt: 'Due',
  completedAt: 'Completed',
  recurrenceMonths: 'Repeats every (months)',
  cycle: 'Cycle',
  staffIds: 'People',
  revokedAt: 'Revoked',
  reason: 'Reason',
  serial: 'Serial number',
  memberCount: 'Members',
  evaluatedAt: 'Rule last applied',
  kind: 'Kind',
  rule: 'Rule',
  role: 'Role',
  invited: 'People invited',
  purpose: 'Why',
  via: 'How',
  startsOn: 'Starts on',
  due: 'Due',
  created: 'Newly assigned',
  merged: 'Already assigned',
  queued: 'Reminders sent',
  note: 'Personal note',
};

Object.keys(FIELD_LABELS).forEach((key, i) => FIELD_ORDER.set(key, i));

function byFieldOrder(a: string, b: string): number {
  return (FIELD_ORDER.get(a) ?? Infinity) - (FIELD_ORDER.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Codes that appear as values, in words. */
const VALUE_WORDS: Record<string, string> = {
  ...ROLE_LABELS,
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  overdue: 'Overdue',
  exempt: 'Exempt',
  active: 'Active',
  revoked: 'Revoked',
  static: 'Chosen by hand',
  rule: 'By rule',
  course: 'Course',
  track: 'Track',
  invitation: 'Invitation',
  reset: 'Password reset',
  roster: 'Roster import',
  absolute: 'On a date',
  after_hire: 'After hire',
  after_joining: 'After joining',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keys that hold ids: never shown to people (the raw JSON keeps them). `staffIds` is shown as a count. */
function hidden(key: string): boolean {
  return key !== 'staffIds' && (key === 'id' || /Ids?$/.test(key) || /^(slug|title|courseSlug|trackSlug|sha256|undoes)$/.test(key));
}

/** A due rule (`DueRule`) in words: the day, or days after hire or joining. */
function dueText(value: Record<string, unknown>, timeZone: string): string | null {
  const days = typeof value['days'] === 'number' ? value['days'] : null;
  if (value['kind'] === 'absolute') return value['dueOn'] !== undefined ? valueText('dueOn', value['dueOn'], timeZone) : valueText('dueAt', value['dueAt'], timeZone);
  if (value['kind'] === 'after_hire' && days !== null) return `${days === 1 ? '1 day' : `${NUMBER.format(days)} days`} after hire`;
  if (value['kind'] === 'after_joining' && days !== null) return `${days === 1 ? '1 day' : `${NUMBER.format(days)} days`} after joining`;
  return null;
}

export function fieldLabel(key: string): string {
  const known = FIELD_LABELS[key];
  if (known) return known;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The city-time formats, made once per zone (see `dateTimeFormat`). */
function instantFormat(timeZone: string): Intl.DateTimeFormat {
  return dateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone, timeZoneName: 'short' });
}

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  return dateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone });
}

/** An instant in the city's time zone with the zone named: "Mar 1, 2026, 10:04 AM EST". */
export function cityTime(at: Date | string, timeZone: string): string {
  return instantFormat(timeZone).format(typeof at === 'string' ? new Date(at) : at);
}

/** A value in words; null when there is none (or it is only an id). */
export function valueText(key: string, value: unknown, timeZone: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return NUMBER.format(value);
  if (typeof value === 'string') {
    if (UUID.test(value)) return null;
    // A due date is the end of a city day: show that day, the way every other screen does.
    if (isInstant(value)) return key === 'dueAt' ? dayFormat(timeZone).format(new Date(value)) : cityTime(value, timeZone);
    // A calendar day (a due day, a hire date) is already the city's: shown as written, never shifted.
    if (isCalendarDate(value)) return formatDay(value);
    return VALUE_WORDS[value] ?? value;
  }
  if (Array.isArray(value)) {
    if (key === 'staffIds') return people(value.length);
    if (value.some((v) => typeof v === 'string' && UUID.test(v))) return `${NUMBER.format(value.length)} selected`;
    const items = value.map((v) => valueText(key, v, timeZone)).filter((v) => v !== null);
    return items.length ? items.join(', ') : 'None';
  }
  const record = value as Record<string, unknown>;
  if (key === 'due') return dueText(record, timeZone);
  // A roster column's saved name: the header a file uses for one of Equip's columns.
  if (typeof record['header'] === 'string' && typeof record['column'] === 'string') return `“${record['header']}” for ${record['column']}`;
  if (typeof record['firstName'] === 'string') return `${record['firstName']} ${String(record['lastName'] ?? '')}`.trim();
  if (typeof record['name'] === 'string') return record['name'];
  if (typeof record['title'] === 'string') return record['title'];
  const parts = Object.entries(record)
    .filter(([k]) => !hidden(k))
    .map(([k, v]) => [k, valueText(k, v, timeZone)] as const)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${fieldLabel(k)}: ${v}`);
  return parts.length ? parts.join('; ') : null;
}

function entries(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Before → after, one entry per field whose value differs (in words), the known fields first. */
export function changes(before: unknown, after: unknown, timeZone: string): AuditChange[] {
  const b = entries(before);
  const a = entries(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !hidden(k)).sort(byFieldOrder);
  const out: AuditChange[] = [];
  for (const key of keys) {
    if (JSON.stringify(b[key] ?? null) === JSON.stringify(a[key] ?? null)) continue;
    const was = valueText(key, b[key], timeZone);
    const now = valueText(key, a[key], timeZone);
    if (was === now) continue;
    out.push({ field: key, label: fieldLabel(key), before: was, after: now });
  }
  return out;
}
