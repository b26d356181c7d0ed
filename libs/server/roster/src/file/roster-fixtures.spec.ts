import type { RosterColumnName, RosterDateOrder } from '@equip/shared/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RosterReader, RosterRow } from './roster-reader';

const DEPARTMENTS = new Set(['TES', 'RPCA', 'CMO']);

/** Reads a fixture file fed in chunks of `chunk` bytes, as an upload or the cli would. */
async function readFixture(name: string, options: { dateOrder?: RosterDateOrder; columnNames?: RosterColumnName[] } = {}, chunk = 5) {
  const bytes = readFileSync(join(__dirname, 'fixtures', name));
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
  }
  const reader = new RosterReader({ departmentCodes: DEPARTMENTS, ...options });
  const rows: RosterRow[] = [];
  for await (const row of reader.read(chunks())) rows.push(row);
  return { rows, problems: reader.problems, read: reader.assumptions, warnings: reader.warnings, readable: reader.readable };
}

const people = (rows: RosterRow[]) => rows.map((r) => [r.line, r.employee_id, r.first_name, r.last_name, r.job_title, r.work_location, r.manager_employee_id, r.hire_date, r.status]);

/** The three people every encoding fixture holds, line by line. */
const THREE = [
  [2, 'E1', 'Zoë', 'O’Brien', 'City Manager', 'City Hall', null, '2015-03-02', 'active'],
  [3, 'E2', 'José', 'Núñez', 'Crew Leader, Night', 'Yard – North', 'E1', '2019-07-15', 'active'],
  [4, 'E3', 'Ana', 'Diaz', 'Planner', 'Annex', 'E1', '2021-11-30', 'inactive'],
];
const CANONICAL_MATCHES = ['employee_id', 'first_name', 'last_name', 'email', 'department_code', 'job_title', 'job_class', 'work_location', 'manager_employee_id', 'hire_date', 'status'].map(
  (column) => ({ column, header: column }),
);

describe('roster files as spreadsheets and HR systems write them (one fixture each)', () => {
  it.each([1, 2, 5, 4096])('Excel "CSV UTF-8": a BOM and CRLF (chunks of %i bytes)', async (chunk) => {
    const { rows, problems, read } = await readFixture('utf8-bom-crlf.csv', {}, chunk);
    expect(problems).toEqual([]);
    expect(people(rows)).toEqual(THREE);
    expect(read).toMatchObject({ encoding: 'UTF-8', byteOrderMark: true, separator: 'comma', lineEnds: 'CRLF', headerMatches: CANONICAL_MATCHES, ignoredColumns: [] });
  });

  it('plain UTF-8 with LF line ends', async () => {
    const { rows, problems, read } = await readFixture('utf8-lf.csv');
    expect(problems).toEqual([]);
    expect(people(rows)).toEqual(THREE);
    expect(read).toMatchObject({ encoding: 'UTF-8', byteOrderMark: false, separator: 'comma', lineEnds: 'LF' });
  });

  it('Excel "Unicode text": UTF-16LE with its BOM, tabs, a human header and month-first dates', async () => {
    const { rows, problems, read } = await readFixture('utf16le-tab.txt');
    expect(problems).toEqual([]);
    expect(people(rows)).toEqual(THREE);
    expect(read).toMatchObject({ encoding: 'UTF-16LE', byteOrderMark: true, separator: 'tab', lineEnds: 'CRLF', dateOrder: 'month-first' });
    expect(read?.headerMatches[0]).toEqual({ column: 'employee_id', header: 'Employee ID' });
    expect(read?.dateSamples).toEqual([
      { line: 2, column: 'hire_date', written: '3/2/2015', read: '2015-03-02' },
      { line: 3, column: 'hire_date', written: '7/15/2019', read: '2019-07-15' },
      { line: 4, column: 'hire_date', written: '11/30/2021', read: '2021-11-30' },
    ]);
  });

  it('UTF-16BE with its BOM', async () => {
    const { rows, problems, read } = await readFixture('utf16be.csv', {}, 3);
    expect(problems).toEqual([]);
    expect(people(rows)).toEqual(THREE);
    expect(read).toMatchObject({ encoding: 'UTF-16BE', byteOrderMark: true, separator: 'comma' });
  });

  it('Excel plain "CSV": Windows-1252, a human header and Excel serial dates', async () => {
    const { rows, problems, read, warnings } = await readFixture('windows-1252-excel.csv');
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(people(rows)).toEqual(THREE);
    expect(read).toEqual({
      encoding: 'Windows-1252',
      byteOrderMark: false,
      separator: 'comma',
      lineEnds: 'CRLF',
      dateOrder: 'month-first',
      headerMatches: [
        { column: 'employee_id', header: 'Employee ID' },
        { column: 'first_name', header: 'First Name' },
        { column: 'last_name', header: 'Last Name' },
        { column: 'email', header: 'Email' },
        { column: 'department_code', header: 'Department Code' },
        { column: 'job_title', header: 'Job Title' },
        { column: 'job_class', header: 'Job Class' },
        { column: 'work_location', header: 'Work Location' },
        { column: 'manager_employee_id', header: 'Manager Employee ID' },
        { column: 'hire_date', header: 'Hire Date' },
        { column: 'status', header: 'Status' },
      ],
      ignoredColumns: [],
      dateSamples: [
        { line: 2, column: 'hire_date', written: '42065', read: '2015-03-02' },
        { line: 3, column: 'hire_date', written: '43661.5', read: '2019-07-15' },
        { line: 4, column: 'hire_date', written: '44530', read: '2021-11-30' },
      ],
    });
  });

  it('CR alone as the line end', async () => {
    const { rows, problems, read } = await readFixture('cr-only.csv');
    expect(problems).toEqual([]);
    expect(people(rows)).toEqual(THREE);
    expect(read).toMatchObject({ encoding: 'UTF-8', lineEnds: 'CR' });
  });

  it('semicolons and day-first dates (Windows-1252), with the date order saved as day first', async () => {
    const { rows, problems, read } = await readFixture('semicolon-day-first.csv', { dateOrder: 'day-first' });
    expect(problems).toEqual([]);
    expect(people(rows)).toEqual(THREE);
    expect(read).toMatchObject({ encoding: 'Windows-1252', separator: 'semicolon', dateOrder: 'day-first' });
    expect(read?.dateSamples.map((d) => [d.written, d.read])).toEqual([
      ['2.3.2015', '2015-03-02'],
      ['15.7.2019', '2019-07-15'],
      ['30.11.2021', '2021-11-30'],
    ]);
  });

  it('the same file read month first: each date that cannot be one is a problem at its line, never a guess', async () => {
    const { problems } = await readFixture('semicolon-day-first.csv');
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'hire_date'],
      [4, 'hire_date'],
    ]);
    expect(problems[0].message).toBe(
      '"15.7.2019" is not a date when read month first (month/day/year), the order set in the roster file format. If the file writes dates the other way round, change the date order there.',
    );
  });

  it('headers in any case, spacing and punctuation; extra columns ignored with a warning', async () => {
    const { rows, problems, read, warnings } = await readFixture('header-variants.csv');
    expect(problems).toEqual([]);
    expect(people(rows)).toEqual(THREE);
    expect(read?.headerMatches.map((m) => `${m.column}=${m.header}`)).toEqual([
      'employee_id=EmployeeId',
      'first_name=first name',
      'last_name=LAST_NAME',
      'email=E-mail',
      'department_code=Department-Code',
      'job_title=job title',
      'job_class=Job Class',
      'work_location=work.location',
      'manager_employee_id=Manager Employee ID',
      'hire_date=Hire Date',
      'status=STATUS',
    ]);
    expect(read?.ignoredColumns).toEqual(['Badge Number', '(empty, column 13)']);
    expect(warnings).toEqual([{ line: 1, message: '2 columns are not on the roster and were ignored: Badge Number, (empty, column 13).' }]);
  });

  it("a city's own export names, through its saved column names", async () => {
    const columnNames: RosterColumnName[] = [
      { header: 'Emp No', column: 'employee_id' },
      { header: 'given name', column: 'first_name' },
      { header: 'SURNAME', column: 'last_name' },
      { header: 'Work Email', column: 'email' },
      { header: 'Dept', column: 'department_code' },
      { header: 'Position', column: 'job_title' },
      { header: 'Class', column: 'job_class' },
      { header: 'Site', column: 'work_location' },
      { header: 'Supervisor No.', column: 'manager_employee_id' },
      { header: 'Start Date', column: 'hire_date' },
      { header: 'Employment Status', column: 'status' },
    ];
    const { rows, problems, read } = await readFixture('saved-names.csv', { columnNames });
    expect(problems).toEqual([]);
    expect(people(rows)).toEqual(THREE);
    expect(read?.headerMatches.find((m) => m.column === 'manager_employee_id')).toEqual({ column: 'manager_employee_id', header: 'Supervisor No' });
  });

  it('the same export without saved names: the missing columns, and where to name them', async () => {
    const { problems, rows } = await readFixture('saved-names.csv');
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      {
        line: 1,
        column: null,
        message:
          'the header is missing 11 columns: employee_id, first_name, last_name, email, department_code, job_title, job_class, work_location, manager_employee_id, hire_date, status. If your export names a column differently, save its name in the roster file format.',
      },
    ]);
  });

  it('dates as Excel writes them, month first, and the ones that are no date, line by line', async () => {
    const { rows, problems, read } = await readFixture('dates-month-first.csv');
    expect(rows.map((r) => [r.line, r.hire_date])).toEqual([
      [2, '2019-03-04'],
      [3, '2019-03-04'],
      [4, '2019-03-04'],
      [5, '2019-03-04'],
      [6, '2019-03-04'],
      [7, '2019-03-04'],
      [8, '1900-02-28'],
      [9, '1900-03-01'],
      [10, null],
      [11, null],
      [12, null],
      [13, null],
      [14, null],
    ]);
    expect(problems).toEqual([
      { line: 10, column: 'hire_date', message: expect.stringContaining('"13/4/2019" is not a date when read month first') },
      { line: 11, column: 'hire_date', message: '"60" is Excel\'s 29 February 1900, a day that never was.' },
      { line: 12, column: 'hire_date', message: '"3/4/19" has a two-digit year. Write the year with four digits (3/4/2019).' },
      { line: 13, column: 'hire_date', message: expect.stringContaining('"2/30/2019" is not a date when read month first') },
      { line: 14, column: 'hire_date', message: '"soon" is not a date. Write dates as YYYY-MM-DD, as month/day/year, or as Excel stores them.' },
    ]);
    expect(read?.dateSamples.map((d) => [d.line, d.written, d.read])).toEqual([
      [2, '43528', '2019-03-04'],
      [3, '3/4/2019', '2019-03-04'],
      [4, '3/4/2019 0:00', '2019-03-04'],
      [5, '03/04/2019 12:00:00 AM', '2019-03-04'],
      [6, '2019-03-04 00:00:00', '2019-03-04'],
    ]);
  });

  it('a quote left open that a later quote closes: one problem, on its line, and no cascade after it', async () => {
    const { rows, problems } = await readFixture('unclosed-quote.csv');
    expect(rows.map((r) => [r.line, r.employee_id])).toEqual([
      [2, 'E1'],
      [6, 'E5'],
    ]);
    expect(problems).toEqual([
      {
        line: 3,
        column: null,
        message:
          'a quoted value that starts on this line is not closed on it; the next quote, on line 5, made lines 3 to 5 one row. Close the quote, or write a quote inside a value as two quotes ("").',
      },
    ]);
  });

  it('a quote never closed at all: one problem, on its line, and the rest of the file is not read', async () => {
    const { rows, problems, readable } = await readFixture('never-closed-quote.csv');
    expect(rows.map((r) => [r.line, r.employee_id])).toEqual([[2, 'E1']]);
    expect(problems).toEqual([
      { line: 3, column: null, message: 'a quoted value that starts on this line is never closed (unbalanced quotes). The rest of the file was not read.' },
    ]);
    expect(readable).toBe(false);
  });
});
