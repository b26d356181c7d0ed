import type { RosterProblem } from '@equip/shared/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCalendarDate, isEmailAddress, RosterReader, RosterRow } from './roster-reader';

const HEADER = 'employee_id,first_name,last_name,email,department_code,job_title,job_class,work_location,manager_employee_id,hire_date,status';
const DEPARTMENTS = new Set(['TES', 'RPCA', 'CMO']);

/** A valid row; override columns by name. */
function line(values: Partial<Record<string, string>> = {}): string {
  const base: Record<string, string> = {
    employee_id: 'E1',
    first_name: 'Ana',
    last_name: 'Diaz',
    email: 'ana.diaz@city.example',
    department_code: 'TES',
    job_title: 'Planner',
    job_class: 'Professional',
    work_location: 'City Hall',
    manager_employee_id: '',
    hire_date: '2019-04-01',
    status: 'active',
  };
  return HEADER.split(',')
    .map((c) => values[c] ?? base[c])
    .join(',');
}

/** Reads a file fed in small chunks (so BOMs, multi-byte characters and CRLFs straddle chunk ends). */
async function check(input: string | Buffer, chunk = 7, departments: ReadonlySet<string> | undefined = DEPARTMENTS) {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
  }
  const reader = new RosterReader({ departmentCodes: departments });
  const rows: RosterRow[] = [];
  for await (const row of reader.read(chunks())) rows.push(row);
  return { rows, problems: reader.problems, readable: reader.readable, count: reader.rows };
}

const at = (problems: RosterProblem[]) => problems.map((p) => [p.line, p.column]);

describe('RosterReader', () => {
  describe('reads real-world CSV', () => {
    const file =
      '\uFEFF' +
      [
        HEADER,
        line({ employee_id: 'E1', first_name: 'Zoë', last_name: "O'Brien", email: "zoe.o'brien@city.example" }),
        line({ employee_id: 'E2', first_name: 'Thị', last_name: 'Nguyễn', email: 'nguyen@city.example', manager_employee_id: 'E1', job_title: '"Analyst, Senior ""Data"""' }),
        line({ employee_id: 'E3', first_name: 'Łukasz', last_name: 'Żółć', email: 'lz@city.example', work_location: '"1 Main St, Suite 4"' }),
      ].join('\r\n') +
      '\r\n';

    it.each([1, 2, 3, 7, 64, 100_000])('with a BOM, CRLF, quotes and accents (chunks of %i bytes)', async (chunk) => {
      const { rows, problems } = await check(file, chunk);
      expect(problems).toEqual([]);
      expect(rows.map((r) => [r.line, r.employee_id, r.first_name, r.last_name])).toEqual([
        [2, 'E1', 'Zoë', "O'Brien"],
        [3, 'E2', 'Thị', 'Nguyễn'],
        [4, 'E3', 'Łukasz', 'Żółć'],
      ]);
      expect(rows[0].email).toBe("zoe.o'brien@city.example");
      expect(rows[1].job_title).toBe('Analyst, Senior "Data"');
      expect(rows[2].work_location).toBe('1 Main St, Suite 4');
      expect(rows[1].manager_employee_id).toBe('E1');
    });

    it('reads LF files without a BOM, columns in any order', async () => {
      const { rows, problems } = await check(
        'status,email,employee_id,last_name,first_name,department_code,hire_date,job_title,job_class,work_location,manager_employee_id\n' +
          'active,a@city.example,E9,Smith,Al,CMO,2020-01-31,,,,\n',
      );
      expect(problems).toEqual([]);
      expect(rows).toEqual([
        {
          line: 2,
          employee_id: 'E9',
          first_name: 'Al',
          last_name: 'Smith',
          email: 'a@city.example',
          department_code: 'CMO',
          job_title: null,
          job_class: null,
          work_location: null,
          manager_employee_id: null,
          hire_date: '2020-01-31',
          status: 'active',
        },
      ]);
    });

    it('trims values, and normalises department codes and status', async () => {
      const { rows, problems } = await check(`${HEADER}\n${line({ first_name: '  Ana ', department_code: ' tes', status: 'Inactive ' })}\n`);
      expect(problems).toEqual([]);
      expect(rows[0]).toMatchObject({ first_name: 'Ana', department_code: 'TES', status: 'inactive' });
    });

    it('keeps line numbers right across blank lines, comma-only lines and values that span lines', async () => {
      const file = [
        HEADER,
        '',
        line({ employee_id: 'E1', work_location: '"Annex\nFloor 2"' }),
        ',,,,,,,,,,',
        line({ employee_id: 'E2', email: 'e2@city.example', hire_date: 'soon' }),
        '',
      ].join('\n');
      const { rows, problems } = await check(file);
      expect(rows.map((r) => r.line)).toEqual([3, 6]);
      expect(rows[0].work_location).toBe('Annex\nFloor 2');
      expect(at(problems)).toEqual([[6, 'hire_date']]);
    });

    it('keeps a stray quote inside an unquoted value, as spreadsheets do', async () => {
      const { rows, problems } = await check(`${HEADER}\n${line({ job_title: 'Pipe Fitter 6" Mains' })}\n`);
      expect(problems).toEqual([]);
      expect(rows[0].job_title).toBe('Pipe Fitter 6" Mains');
    });
  });

  describe('the file as a whole', () => {
    it.each([
      ['an empty file', ''],
      ['a BOM alone', '\uFEFF'],
      ['blank lines', '\n\r\n  \n'],
    ])('reports %s on line 1', async (_name, input) => {
      const { problems, readable } = await check(input);
      expect(problems).toEqual([{ line: 1, column: null, message: expect.stringContaining('the file is empty') }]);
      expect(readable).toBe(false);
    });

    it('reports a header with no rows, which would deactivate everyone', async () => {
      const { problems } = await check(`${HEADER}\r\n`);
      expect(problems).toEqual([{ line: 1, column: null, message: expect.stringContaining('no staff rows') }]);
    });

    it('names the missing columns on line 1 and reads no rows', async () => {
      const header = HEADER.replace(',job_title', '').replace(',status', '');
      const { problems, rows, readable } = await check(`${header}\nE1,A,B,a@city.example,TES,,,,,\n`);
      expect(problems).toEqual([
        {
          line: 1,
          column: null,
          message: 'the header is missing 2 columns: job_title, status. If your export names a column differently, save its name in the roster file format.',
        },
      ]);
      expect(rows).toEqual([]);
      expect(readable).toBe(false);
    });

    it('ignores unknown columns with a warning, not a problem, and still checks every row', async () => {
      const reader = new RosterReader({ departmentCodes: DEPARTMENTS });
      const rows: RosterRow[] = [];
      for await (const row of reader.read([Buffer.from(`${HEADER},Badge Number,notes\n${line({ email: 'bad' })},123,x\n`)])) rows.push(row);
      expect(reader.problems).toEqual([{ line: 2, column: 'email', message: '"bad" is not an email address.' }]);
      expect(reader.warnings).toEqual([{ line: 1, message: '2 columns are not on the roster and were ignored: Badge Number, notes.' }]);
      expect(reader.assumptions?.ignoredColumns).toEqual(['Badge Number', 'notes']);
      expect(rows).toHaveLength(1);
    });

    it('hints at the separator when the header is one field with a pipe in it', async () => {
      const { problems } = await check(`${HEADER.replace(/,/g, '|')}\n`);
      expect(problems[0].message).toContain('separated by commas, semicolons or tabs');
    });

    it('reports a column named twice, however it is written', async () => {
      const { problems } = await check(`${HEADER},E-mail\n`);
      expect(problems).toEqual([{ line: 1, column: null, message: 'the headers "email" and "E-mail" all name the column email; keep one.' }]);
    });

    it('reports an unbalanced quote on the line it opens, after checking the rows before it', async () => {
      const file = [HEADER, line({ employee_id: 'E1', email: 'nope' }), line({ employee_id: 'E2', email: 'e2@city.example', first_name: '"Bo' }), line({ employee_id: 'E3', email: 'e3@city.example' })].join('\n');
      const { problems, readable } = await check(`${file}\n`);
      expect(at(problems)).toEqual([
        [2, 'email'],
        [3, null],
      ]);
      expect(problems[1].message).toMatch(/never closed.*rest of the file was not read/);
      expect(readable).toBe(false);
    });

    it('reports a quoted value still open at the end of the file', async () => {
      const { problems } = await check(`${HEADER}\n${line()}\n${line({ employee_id: 'E2', email: 'e2@city.example', job_title: '"Analyst ""Senior' })}\n`);
      expect(problems).toEqual([{ line: 3, column: null, message: expect.stringContaining('never closed') }]);
    });

    it('refuses binary data, naming its line', async () => {
      const png = Buffer.concat([Buffer.from(`${HEADER}\n${line()}\n`), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])]);
      const { problems, readable } = await check(png);
      expect(problems).toEqual([{ line: 3, column: null, message: expect.stringContaining('binary data') }]);
      expect(readable).toBe(false);
    });

    it('reads text that is not UTF-8 (Latin-1 "Zoë") as Windows-1252', async () => {
      const latin1 = Buffer.concat([Buffer.from(`${HEADER}\n${line()}\n`), Buffer.from(`${line({ employee_id: 'E2', email: 'z@city.example', first_name: 'Zoë' })}\n`, 'latin1')]);
      const { problems, rows } = await check(latin1);
      expect(problems).toEqual([]);
      expect(rows[1].first_name).toBe('Zoë');
    });

    it('refuses garbage without a header', async () => {
      const { problems } = await check('%&*@!#\u0007~~\n}{}{\n');
      expect(problems[0]).toMatchObject({ line: 1, column: null, message: expect.stringContaining('the header is missing 11 columns') });
    });
  });

  describe('each row', () => {
    it('reports every empty required field at its column', async () => {
      const { problems } = await check(
        `${HEADER}\n${line({ employee_id: '', first_name: ' ', last_name: '', email: '', department_code: '', status: '', job_title: '', hire_date: '' })}\n`,
      );
      expect(at(problems)).toEqual([
        [2, 'employee_id'],
        [2, 'first_name'],
        [2, 'last_name'],
        [2, 'email'],
        [2, 'department_code'],
        [2, 'status'],
      ]);
      expect(problems[0].message).toBe('is required and is empty.');
    });

    it.each(['ana', 'ana@', '@city.example', 'ana@city', 'ana diaz@city.example', 'ana@@city.example', 'ana..d@city.example', 'ana@city..example'])(
      'reports the malformed email %s',
      async (email) => {
        const { problems } = await check(`${HEADER}\n${line({ email: `"${email}"` })}\n`);
        expect(problems).toEqual([{ line: 2, column: 'email', message: `"${email}" is not an email address.` }]);
      },
    );

    it('reports a second use of an employee id, naming the first line', async () => {
      const { problems } = await check(`${HEADER}\n${line({ employee_id: 'E1' })}\n${line({ employee_id: 'E2', email: 'b@city.example' })}\n${line({ employee_id: 'E1', email: 'c@city.example' })}\n`);
      expect(problems).toEqual([{ line: 4, column: 'employee_id', message: 'E1 is already on line 2; each employee must appear once.' }]);
    });

    it('reports a second use of an email, whatever its case', async () => {
      const { problems } = await check(`${HEADER}\n${line({ employee_id: 'E1', email: 'Ana@City.example' })}\n${line({ employee_id: 'E2', email: 'ana@city.EXAMPLE' })}\n`);
      expect(problems).toEqual([{ line: 3, column: 'email', message: expect.stringContaining('already used on line 2') }]);
    });

    it.each(['2026-02-30', '2025-02-29', '2026-04-31'])('reports %s as a day that does not exist', async (date) => {
      const { problems } = await check(`${HEADER}\n${line({ hire_date: date })}\n`);
      expect(problems).toEqual([{ line: 2, column: 'hire_date', message: `"${date}" is not a day that exists.` }]);
    });

    it.each(['2026-13-01', '2026-2-3', 'soon', '0'])('reports %s as not a date', async (date) => {
      const { problems } = await check(`${HEADER}\n${line({ hire_date: date })}\n`);
      expect(problems).toEqual([{ line: 2, column: 'hire_date', message: expect.stringMatching(new RegExp(`^"${date}" is not a`)) }]);
    });

    it('reads 03/04/2020 month first unless told otherwise', async () => {
      const { rows } = await check(`${HEADER}\n${line({ hire_date: '03/04/2020' })}\n`);
      expect(rows[0].hire_date).toBe('2020-03-04');
    });

    it('accepts 29 February in a leap year and an empty hire date', async () => {
      const { problems } = await check(`${HEADER}\n${line({ hire_date: '2024-02-29' })}\n${line({ employee_id: 'E2', email: 'b@city.example', hire_date: '' })}\n`);
      expect(problems).toEqual([]);
    });

    it('reports a status that is neither active nor inactive', async () => {
      const { problems } = await check(`${HEADER}\n${line({ status: 'on leave' })}\n`);
      expect(problems).toEqual([{ line: 2, column: 'status', message: '"on leave" must be active or inactive.' }]);
    });

    it('reports a department code Equip does not know', async () => {
      const { problems } = await check(`${HEADER}\n${line({ department_code: 'XYZ' })}\n`);
      expect(problems).toEqual([{ line: 2, column: 'department_code', message: expect.stringContaining('XYZ is not a department') }]);
    });

    it('reports a row with the wrong number of fields', async () => {
      const { problems } = await check(`${HEADER}\nE1,Ana,Diaz,a@city.example,TES,Planner, Senior,Professional,City Hall,,2019-04-01,active\n`);
      expect(problems).toEqual([{ line: 2, column: null, message: expect.stringContaining('has 12 fields; the header has 11') }]);
    });

    it('reports a value that is too long', async () => {
      const { problems } = await check(`${HEADER}\n${line({ job_title: 'x'.repeat(201) })}\n`);
      expect(problems).toEqual([{ line: 2, column: 'job_title', message: 'is longer than 200 characters.' }]);
    });
  });

  describe('managers', () => {
    const person = (id: string, manager = '') => line({ employee_id: id, email: `${id.toLowerCase()}@city.example`, manager_employee_id: manager });

    it('accepts a manager listed later in the file', async () => {
      const { problems } = await check([HEADER, person('E2', 'E1'), person('E1')].join('\n'));
      expect(problems).toEqual([]);
    });

    it('reports a manager who is not on the roster', async () => {
      const { problems } = await check([HEADER, person('E1'), person('E2', 'E404')].join('\n'));
      expect(problems).toEqual([{ line: 3, column: 'manager_employee_id', message: expect.stringContaining('E404 is not on this roster') }]);
    });

    it('reports someone who manages themselves', async () => {
      const { problems } = await check([HEADER, person('E1', 'E1')].join('\n'));
      expect(problems).toEqual([{ line: 2, column: 'manager_employee_id', message: 'E1 cannot be their own manager.' }]);
    });

    it('reports each loop once, on its first line, naming the chain', async () => {
      const { problems } = await check([HEADER, person('E0'), person('A', 'B'), person('C', 'D'), person('B', 'A'), person('D', 'E'), person('E', 'C'), person('F', 'C')].join('\n'));
      expect(problems).toEqual([
        { line: 3, column: 'manager_employee_id', message: 'the manager chain is a loop: A → B → A (lines 3, 5). Someone in it must report outside it.' },
        { line: 4, column: 'manager_employee_id', message: 'the manager chain is a loop: C → D → E → C (lines 4, 6, 7). Someone in it must report outside it.' },
      ]);
    });

    it('does not report a missing manager whose own row was malformed', async () => {
      const { problems } = await check([HEADER, 'E1,only,four,fields', person('E2', 'E1')].join('\n'));
      expect(at(problems)).toEqual([[2, null]]);
    });
  });

  it('lists problems in file order, then column order', async () => {
    const { problems } = await check([HEADER, line({ employee_id: 'E1', status: 'x', email: 'y' }), line({ employee_id: 'E2', email: 'e2@city.example', manager_employee_id: 'E9' })].join('\n'));
    expect(at(problems)).toEqual([
      [2, 'email'],
      [2, 'status'],
      [3, 'manager_employee_id'],
    ]);
  });
});

describe('isEmailAddress and isCalendarDate', () => {
  it.each(["o'brien@city.example", 'zoë@city.example', 'a+b@sub.city.example', 'A.B@CITY.EXAMPLE'])('accepts %s', (email) => {
    expect(isEmailAddress(email)).toBe(true);
  });

  it('knows which days exist', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('0999-01-01')).toBe(false);
  });
});

describe('the documented sample file', () => {
  it('is a valid roster', async () => {
    const sample = readFileSync(join(__dirname, '../../sample/roster-sample.csv'));
    const { rows, problems } = await check(sample, 4096, new Set(['CMO', 'RASE', 'TES', 'TES-TRAN', 'TES-OPS-STREETS', 'RPCA-REC']));
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(8);
    expect(rows[5].job_title).toBe('Crew Leader, "Night Shift"');
  });
});
