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

  it('is published with every figure withheld, and named, while a subject within its limit is protected as usual', async () => {
    const usual = await protectPublication(RECORDS, { auditor });
    expect(usual.stats.unfinished).toEqual([]);
    expect(usual.figures.some((f) => f.count !== null && f.count > 0)).toBe(true);
    expect(usual.figures.some((f) => f.mark === 'fewer_than_5')).toBe(true);

    const late = await protectPublication(RECORDS, { auditor, timeLimitMs: 0 });
    expect(late.stats.unfinished).toEqual(['equity-101', 'foundations']);
    expect(late.figures).toHaveLength(usual.figures.length);
    // Nothing of a subject left unprotected is shown, not even a zero: a reader learns nothing of it.
    expect(late.figures.every((f) => f.count === null && f.mark === 'withheld')).toBe(true);
    expect(late.stats).toMatchObject({ figures: usual.figures.length, withheld: usual.figures.length, primary: 0, complementary: 0 });
  });

  it('still shows a lead-viewer the departments they see exactly anyway', async () => {
    const late = await protectPublication(RECORDS, { auditor, timeLimitMs: 0, exactDepartments: new Set(['parks']) });
    const parks = late.figures.filter((f) => f.departmentId === 'parks');
    expect(parks.length).toBeGreaterThan(0);
    expect(parks.every((f) => f.count !== null && f.mark === null)).toBe(true);
    expect(late.figures.filter((f) => f.departmentId !== 'parks').every((f) => f.mark === 'withheld')).toBe(true);
  });
});
