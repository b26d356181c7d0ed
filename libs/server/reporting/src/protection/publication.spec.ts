import { IntegerAuditor } from './linear-facts';
import { protectPublication, type PublicationRecords } from './publication';

/** Two departments (Parks under Public Works), two subjects: a few counts of 1–4 and their complements. */
const RECORDS: PublicationRecords = {
  departments: [
    { id: 'works', parentId: null },
    { id: 'parks', parentId: 'works' },
  ],
  rows: ['equity-101', 'foundations'].flatMap((subjectId) => [
    { subjectId, departmentId: 'works', active: true, jobClass: 'Professional', workLocation: 'City Hall', assigned: '12', completed: '7', exempt: '1', overdue: '2' },
    { subjectId, departmentId: 'works', active: false, jobClass: 'Trades', workLocation: 'Yard', assigned: '3', completed: '1', exempt: '0', overdue: '1' },
    { subjectId, departmentId: 'parks', active: true, jobClass: 'Trades', workLocation: 'Yard', assigned: '9', completed: '5', exempt: '0', overdue: '3' },
  ]),
};

describe('protectPublication: subjects whose protection runs past the time limit', () => {
  let auditor: IntegerAuditor;
  beforeAll(async () => {
    auditor = await IntegerAuditor.load();
  });

  it('is published with every figure withheld when not even its totals were protected in time, and named', async () => {
    const usual = await protectPublication(RECORDS, { auditor });
    expect(usual.stats).toMatchObject({ unfinished: [], departmentsOnly: [] });
    expect(usual.figures.some((f) => f.count !== null && f.count > 0)).toBe(true);
    expect(usual.figures.some((f) => f.mark === 'fewer_than_5')).toBe(true);

    const late = await protectPublication(RECORDS, { auditor, timeLimitMs: 0 });
    expect(late.stats.unfinished).toEqual(['equity-101', 'foundations']);
    expect(late.stats.departmentsOnly).toEqual([]);
    expect(late.figures).toHaveLength(usual.figures.length);
    // Nothing of a subject left unprotected is shown, not even a zero: a reader learns nothing of it.
    expect(late.figures.every((f) => f.count === null && f.mark === 'withheld')).toBe(true);
    expect(late.stats).toMatchObject({ figures: usual.figures.length, withheld: usual.figures.length, primary: 0, complementary: 0 });
  });

  it('falls back to department totals protected on their own, every breakdown withheld that they do not give away', async () => {
    const usual = await protectPublication(RECORDS, { auditor });
    const totals = await protectPublication(RECORDS, { auditor, attributeBreakdowns: false });
    expect(totals.stats).toMatchObject({ departmentsOnly: ['equity-101', 'foundations'], unfinished: [] });
    // Each subject's time is kept: its totals, and no breakdowns tried.
    expect(totals.stats.subjects).toEqual(['equity-101', 'foundations'].map((subjectId) => ({ subjectId, records: 3, totalsMs: expect.any(Number), breakdownsMs: null })));
    expect(usual.stats.subjects.map((t) => [t.subjectId, t.breakdownsMs === null])).toEqual([['equity-101', false], ['foundations', false]]);
    expect(totals.figures).toHaveLength(usual.figures.length);
    const [breakdowns, departmentTotals] = [totals.figures.filter((f) => f.attribute !== null), totals.figures.filter((f) => f.attribute === null)];
    expect(breakdowns.length).toBeGreaterThan(0);
    // Each attribute has two values here: a breakdown is withheld, unless its total is 0 (then it is 0 too, and shown).
    const totalOf = (f: (typeof breakdowns)[number]) => departmentTotals.find((t) => t.subjectId === f.subjectId && t.departmentId === f.departmentId && t.activeOnly === f.activeOnly && t.measure === f.measure);
    expect(breakdowns.filter((f) => !(f.count === null && f.mark === 'withheld') && !(f.count === 0 && totalOf(f)?.count === 0))).toEqual([]);
    expect(breakdowns.filter((f) => f.mark === 'withheld').length).toBeGreaterThan(breakdowns.length / 2);
    // The totals are published: 1–4 hidden, the rest shown (the city's 24 assigned to Foundations).
    expect(departmentTotals.filter((f) => f.count !== null && f.count > 0 && f.count < 5)).toEqual([]);
    expect(departmentTotals.find((f) => f.subjectId === 'foundations' && f.departmentId === null && !f.activeOnly && f.measure === 'assigned')).toMatchObject({ count: 24, mark: null });
    expect(departmentTotals.some((f) => f.mark === 'fewer_than_5')).toBe(true);
  });

  it('still shows a lead-viewer the departments they see exactly anyway', async () => {
    const late = await protectPublication(RECORDS, { auditor, timeLimitMs: 0, exactDepartments: new Set(['parks']) });
    const parks = late.figures.filter((f) => f.departmentId === 'parks');
    expect(parks.length).toBeGreaterThan(0);
    expect(parks.every((f) => f.count !== null && f.mark === null)).toBe(true);
    expect(late.figures.filter((f) => f.departmentId !== 'parks').every((f) => f.mark === 'withheld')).toBe(true);
  });
});
