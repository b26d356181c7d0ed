import { csvLine } from '@equip/server/audit';
import { PERSON_RECORD_CSV_COLUMNS, PERSON_RECORD_CSV_ROWS, RECORD_STATUS_LABELS, type PersonRecord, type RecordAssignment, type RecordPersonRef } from '@equip/shared/contracts';
import { cityDay } from '@equip/shared/domain';

const name = (p: RecordPersonRef | null) => (p ? `${p.firstName} ${p.lastName}` : '');

/** Who or what assigned a piece of work, in words ("Cohort: Trades staff; Emily Sullivan"). */
export function assignedByText(a: RecordAssignment): string {
  return a.sources
    .map((s) => (s.kind === 'cohort' ? `Cohort: ${s.cohort.name}` : s.kind === 'person' ? name(s.assignedBy) || 'An equity lead' : 'Chosen by the learner'))
    .join('; ');
}

type Cell = string | number | null;
const EMPTY_ASSIGNMENT: Cell[] = ['', '', '', '', '', '', ''];
const EMPTY_EXTENSION: Cell[] = ['', '', '', '', ''];
const EMPTY_CHECK: Cell[] = ['', '', '', ''];

/**
 * record.csv, in the page's order: each assignment (current, then past) followed by its
 * extensions, then the knowledge checks with attempts used of allowed. Statuses in words, days in
 * city time; every row carries the person and the course or track, so a filtered sheet still reads.
 */
export function personRecordCsv(record: PersonRecord, timeZone: string): string {
  const p = record.person;
  const day = (instant: string) => cityDay(new Date(instant), timeZone);
  const lines: string[] = [];
  for (const a of record.assignments) {
    const work: Cell[] = [p.employeeId, p.lastName, p.firstName, a.subject.kind, a.subject.title, a.cycle, a.current ? 'yes' : 'no'];
    lines.push(
      csvLine([
        PERSON_RECORD_CSV_ROWS.assignment, ...work, RECORD_STATUS_LABELS[a.status], a.dueOn ?? '', assignedByText(a), a.recurrenceMonths ?? '',
        a.completedAt ? day(a.completedAt) : '', a.exemption?.reason ?? '', name(a.exemption?.by ?? null), ...EMPTY_EXTENSION, ...EMPTY_CHECK,
      ]),
    );
    for (const x of a.extensions) {
      lines.push(csvLine([PERSON_RECORD_CSV_ROWS.extension, ...work, ...EMPTY_ASSIGNMENT, x.fromDueOn ?? '', x.toDueOn, x.reason, name(x.by), day(x.at), ...EMPTY_CHECK]));
    }
  }
  const person: Cell[] = [p.employeeId, p.lastName, p.firstName];
  for (const k of knowledgeCheckUse(record)) {
    lines.push(
      csvLine([
        PERSON_RECORD_CSV_ROWS.knowledgeCheck, ...person, 'course', k.course, '', '', ...EMPTY_ASSIGNMENT, ...EMPTY_EXTENSION,
        k.check, k.used, k.allowed ?? 'No limit', k.passed ? 'yes' : 'no',
      ]),
    );
  }
  return csvLine([...PERSON_RECORD_CSV_COLUMNS]) + lines.join('');
}

/**
 * Each knowledge check the person tried or was given more attempts at: attempts used of allowed
 * (the limited ones, from the allowances), or of no limit (`allowed` null, from the attempts made).
 */
export function knowledgeCheckUse(record: PersonRecord): { course: string; check: string; used: number; allowed: number | null; passed: boolean }[] {
  const limited = record.knowledgeCheckAllowances.map((k) => ({ key: `${k.course.id}\u0000${k.lessonTitle}`, course: k.course.title, check: k.lessonTitle, used: k.attemptsUsed, allowed: k.attemptsAllowed, passed: k.passed }));
  const keys = new Set(limited.map((k) => k.key));
  const unlimited = new Map<string, { course: string; check: string; used: number; allowed: null; passed: boolean }>();
  for (const attempt of record.knowledgeChecks) {
    const key = `${attempt.course.id}\u0000${attempt.lessonTitle}`;
    if (keys.has(key)) continue;
    const seen = unlimited.get(key) ?? { course: attempt.course.title, check: attempt.lessonTitle, used: 0, allowed: null, passed: false };
    unlimited.set(key, { ...seen, used: Math.max(seen.used, attempt.attempt), passed: seen.passed || attempt.passed });
  }
  return [...limited.map(({ key: _k, ...k }) => k), ...unlimited.values()];
}
