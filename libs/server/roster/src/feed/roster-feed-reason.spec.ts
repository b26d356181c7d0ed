import type { RosterImportResult } from '@equip/shared/contracts';
import { heldReason, refusedReason } from './roster-feed-reason';

const result = (over: Partial<RosterImportResult>): RosterImportResult => ({
  dryRun: true,
  applied: false,
  rows: 0,
  problems: [],
  added: [],
  changed: [],
  deactivated: [],
  reactivated: [],
  unchanged: 0,
  ...over,
});

describe('feed reasons', () => {
  it('says how many a held file deactivates and the limit', () => {
    const held = result({ confirmation: { required: true, deactivate: 312, threshold: 50, confirmed: false } });
    expect(heldReason('hr-2026-12-04.csv', held)).toBe(
      "The nightly roster file hr-2026-12-04.csv would deactivate 312 people; the limit for importing without a person's confirmation is 50.",
    );
  });

  it('lists the first five problems of a refused file by line and counts the rest', () => {
    const problems = Array.from({ length: 7 }, (_, i) => ({ line: i + 2, column: 'email' as const, message: 'email is not an email address.' }));
    const reason = refusedReason('hr.csv', { problems, omittedProblems: 3 });
    expect(reason).toMatch(/^The nightly roster file hr\.csv has 10 problems and was not imported: line 2, email: email is not an email address; /);
    expect(reason).toContain('line 6, email');
    expect(reason).not.toContain('line 7');
    expect(reason).toMatch(/; and 5 more\.$/);
  });

  it('names a problem about the whole file', () => {
    expect(refusedReason('hr.csv', { problems: [{ line: 0, column: null, message: 'It leaves out Ana Diaz, the last administrator' }] })).toBe(
      'The nightly roster file hr.csv has a problem and was not imported: the whole file: It leaves out Ana Diaz, the last administrator.',
    );
  });
});
