import { copyLine, copyText, copyValue } from './copy-text';
import type { RosterRow } from './roster-reader';

const row: RosterRow = {
  line: 7,
  employee_id: 'E1',
  first_name: 'Zoë',
  last_name: "O'Brien",
  email: 'z@city.example',
  department_code: 'TES',
  job_title: 'A\tB',
  job_class: null,
  work_location: 'Annex\r\nFloor 2',
  manager_employee_id: null,
  hire_date: '2020-01-01',
  status: 'active',
};

describe('COPY text', () => {
  it('escapes backslashes, tabs and line breaks, and writes NULL as \\N', () => {
    expect(copyValue('C:\\temp')).toBe('C:\\\\temp');
    expect(copyValue(null)).toBe('\\N');
    expect(copyLine(row)).toBe("7\tE1\tZoë\tO'Brien\tz@city.example\tTES\tA\\tB\t\\N\tAnnex\\r\\nFloor 2\t\\N\t2020-01-01\tactive\n");
  });

  it('groups rows into blocks', async () => {
    async function* rows() {
      for (let i = 1; i <= 5; i++) yield [{ ...row, line: i }];
    }
    const blocks: string[] = [];
    for await (const block of copyText(rows(), 150)) blocks.push(block);
    expect(blocks.length).toBeGreaterThan(1);
    expect(blocks.join('').split('\n').filter(Boolean)).toHaveLength(5);
  });
});
