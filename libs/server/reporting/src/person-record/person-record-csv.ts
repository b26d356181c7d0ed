import { csvLine } from '@equip/server/audit';
import { PERSON_RECORD_CSV_COLUMNS, RECORD_STATUS_LABELS, type PersonRecord, type RecordAssignment, type RecordPersonRef } from '@equip/shared/contracts';
import { cityDay } from '@equip/shared/domain';

const name = (p: RecordPersonRef | null) => (p ? `${p.firstName} ${p.lastName}` : '');

/** Who or what assigned a piece of work, in words ("Cohort: Trades staff; Emily Sullivan"). */
export function assignedByText(a: RecordAssignment): string {
  return a.sources
    .map((s) => (s.kind === 'cohort' ? `Cohort: ${s.cohort.name}` : s.kind === 'person' ? name(s.assignedBy) || 'An equity lead' : 'Chosen by the learner'))
    .join('; ');
}

/** record.csv: one row per assignment, current and past, in the page's order; statuses in words, days in city time. */
export function personRecordCsv(record: PersonRecord, timeZone: string): string {
  const p = record.person;
  const rows = record.assignments.map((a) =>
    csvLine([
      p.employeeId, p.lastName, p.firstName, a.subject.kind, a.subject.title, a.cycle, a.current ? 'yes' : 'no', RECORD_STATUS_LABELS[a.status],
      a.dueOn ?? '', assignedByText(a), a.recurrenceMonths ?? '', a.completedAt ? cityDay(new Date(a.completedAt), timeZone) : '',
      a.exemption?.reason ?? '', name(a.exemption?.by ?? null),
    ]),
  );
  return csvLine([...PERSON_RECORD_CSV_COLUMNS]) + rows.join('');
}
