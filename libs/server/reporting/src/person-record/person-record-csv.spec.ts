import { parse } from 'csv-parse/sync';
import { PERSON_RECORD_CSV_COLUMNS, type PersonRecord, type RecordAssignment } from '@equip/shared/contracts';
import { personRecordCsv } from './person-record-csv';

const emily = { id: 'lead-1', firstName: 'Emily', lastName: 'Sullivan' };
const basics = { id: 'course-1', slug: 'equity-basics', title: 'Equity Basics' };

function assignment(over: Partial<RecordAssignment>): RecordAssignment {
  return {
    id: 'a-1', subject: { kind: 'course', ...basics }, dueOn: '2027-03-01', status: 'not_started', current: true, cycle: 1, recurrenceMonths: null,
    sources: [{ kind: 'cohort', cohort: { id: 'c-1', name: 'TES planners' } }], assignedAt: '2027-01-02T15:00:00Z', completedAt: null, exemption: null, extensions: [],
    ...over,
  };
}

const record: PersonRecord = {
  person: { id: 's-1', firstName: 'Maria', lastName: 'Lopez', employeeId: 'E1001', email: 'maria@city.gov', jobTitle: 'Planner', department: { id: 'd-1', code: 'TES', name: 'Transportation' }, active: true },
  asOf: '2027-02-01T12:00:00Z',
  summary: { not_started: 1, in_progress: 0, completed: 0, overdue: 0, exempt: 0, certificates: 0 },
  assignments: [
    assignment({
      extensions: [
        // Latest first; granted at 03:30 UTC, still the evening before in New York.
        { fromDueOn: '2027-02-15', toDueOn: '2027-03-01', reason: 'Back from leave, "late"', at: '2027-02-10T03:30:00Z', by: emily },
        { fromDueOn: '2027-02-01', toDueOn: '2027-02-15', reason: 'Storm recovery', at: '2027-01-20T17:00:00Z', by: null },
      ],
    }),
    assignment({ id: 'a-2', subject: { kind: 'track', id: 't-1', slug: 'foundations', title: 'Foundations' }, status: 'exempt', exemption: { reason: 'On leave', at: '2027-01-05T15:00:00Z', by: emily } }),
  ],
  courses: [],
  knowledgeChecks: [
    { course: basics, lessonTitle: 'Check your understanding', attempt: 1, score: 1, passed: false, submittedAt: '2027-01-10T15:00:00Z' },
    { course: basics, lessonTitle: 'Check your understanding', attempt: 2, score: 1, passed: false, submittedAt: '2027-01-11T15:00:00Z' },
    { course: { id: 'course-2', slug: 'history', title: 'Local History' }, lessonTitle: 'Quiz', attempt: 1, score: 3, passed: false, submittedAt: '2027-01-12T15:00:00Z' },
    { course: { id: 'course-2', slug: 'history', title: 'Local History' }, lessonTitle: 'Quiz', attempt: 2, score: 5, passed: true, submittedAt: '2027-01-13T15:00:00Z' },
  ],
  knowledgeCheckAllowances: [
    { course: basics, lessonSlug: 'check', lessonTitle: 'Check your understanding', attemptsUsed: 2, attemptsAllowed: 4, passed: false, courseRetired: false, grants: [{ extraAttempts: 1, at: '2027-01-12T15:00:00Z', by: emily }] },
  ],
  certificates: [],
  reminders: [],
  cohorts: [],
};

/** Each row's fields by column name (csv-parse, as the roster reads files; a row of another length throws). */
const rows = (csv: string): Record<string, string>[] => parse(csv, { columns: true, record_delimiter: '\r\n' });

describe('record.csv', () => {
  const csv = personRecordCsv(record, 'America/New_York');
  const lines = rows(csv);

  it('starts with the columns, and each row says what it is about', () => {
    expect(csv.split('\r\n')[0]).toBe(PERSON_RECORD_CSV_COLUMNS.join(','));
    expect(lines.map((r) => [r['row'], r['title']])).toEqual([
      ['Assignment', 'Equity Basics'],
      ['Extension', 'Equity Basics'],
      ['Extension', 'Equity Basics'],
      ['Assignment', 'Foundations'],
      ['Knowledge check', 'Equity Basics'],
      ['Knowledge check', 'Local History'],
    ]);
  });

  it('gives each extension its days before and after, the reason, who and the city day it was given', () => {
    expect(lines[1]).toMatchObject({
      employee_id: 'E1001', kind: 'course', cycle: '1', current: 'yes', status: '', due_on: '',
      extended_from: '2027-02-15', extended_to: '2027-03-01', extension_reason: 'Back from leave, "late"', extended_by: 'Emily Sullivan', extended_on: '2027-02-09',
    });
    expect(lines[2]).toMatchObject({ extended_from: '2027-02-01', extended_to: '2027-02-15', extension_reason: 'Storm recovery', extended_by: '', extended_on: '2027-01-20' });
    // The assignment's own row is unchanged: its status and day in words, no extension fields.
    expect(lines[0]).toMatchObject({ status: 'Not started', due_on: '2027-03-01', assigned_by: 'Cohort: TES planners', extended_to: '', attempts_used: '' });
    expect(lines[3]).toMatchObject({ status: 'Exempt', exempt_reason: 'On leave', exempted_by: 'Emily Sullivan' });
  });

  it('gives each knowledge check its attempts used and allowed, “No limit” where there is none', () => {
    expect(lines[4]).toMatchObject({ knowledge_check: 'Check your understanding', attempts_used: '2', attempts_allowed: '4', passed: 'no', status: '', extended_to: '' });
    expect(lines[5]).toMatchObject({ knowledge_check: 'Quiz', attempts_used: '2', attempts_allowed: 'No limit', passed: 'yes' });
  });

  it('shows no raw code a person would not read', () => {
    expect(csv).not.toMatch(/not_started|in_progress|rule_no_longer_matches|lead-1|course-1/);
  });
});
