import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { RosterRead, RosterWarning } from '@equip/shared/contracts';
import { readableDay, RosterReadSummary } from './roster-read';

const windows1252: RosterRead = {
  encoding: 'Windows-1252',
  byteOrderMark: false,
  separator: 'comma',
  lineEnds: 'CRLF',
  dateOrder: 'month-first',
  headerMatches: [
    { column: 'employee_id', header: 'Employee ID' },
    { column: 'hire_date', header: 'Hire Date' },
  ],
  ignoredColumns: ['Badge'],
  dateSamples: [
    { line: 2, column: 'hire_date', written: '43528', read: '2019-03-04' },
    { line: 3, column: 'hire_date', written: '12/31/2019 0:00', read: '2019-12-31' },
  ],
};

@Component({
  imports: [RosterReadSummary],
  template: `<equip-roster-read [read]="read()" [warnings]="warnings()" />`,
})
class Host {
  readonly read = signal(windows1252);
  readonly warnings = signal<RosterWarning[]>([]);
}

describe('RosterReadSummary', () => {
  async function render(read: RosterRead, warnings: RosterWarning[] = []): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.read.set(read);
    fixture.componentInstance.warnings.set(warnings);
    await fixture.whenStable();
    return fixture.nativeElement;
  }
  const facts = (element: HTMLElement) => [...element.querySelectorAll('dl div')].map((d) => [d.querySelector('dt')?.textContent?.trim(), d.querySelector('dd')?.textContent?.trim()]);
  const rows = (table: Element | undefined) => [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.children].map((c) => c.textContent?.trim()));

  it('names the encoding, separator, line ends and date order in words, not codes', async () => {
    const element = await render(windows1252);
    expect(element.querySelector('h2')?.textContent?.trim()).toBe('How the file was read');
    expect(facts(element)).toEqual([
      ['Encoding', 'Windows-1252, as Excel saves plain “CSV” (not UTF-8)'],
      ['Values separated by', 'commas'],
      ['Line ends', 'CRLF (Windows)'],
      ['Dates like 3/4/2019', 'month first: 3/4/2019 is March 4, 2019'],
    ]);
  });

  it('shows each column beside its header, and each of the first dates as written and as the day it was read as', async () => {
    const [columns, dates] = [...(await render(windows1252)).querySelectorAll('table')];
    expect(columns.querySelector('caption')?.textContent?.trim()).toBe('Columns read from the header');
    expect(rows(columns)).toEqual([
      ['employee_id', 'Employee ID'],
      ['hire_date', 'Hire Date'],
    ]);
    expect(dates.querySelector('caption')?.textContent?.trim()).toBe('How the first dates were read');
    expect(rows(dates)).toEqual([
      ['2', 'hire_date', '43528', 'March 4, 2019'],
      ['3', 'hire_date', '12/31/2019 0:00', 'December 31, 2019'],
    ]);
  });

  it('says when a byte-order mark decided the encoding, and lists warnings by line', async () => {
    const element = await render(
      { ...windows1252, encoding: 'UTF-16LE', byteOrderMark: true, separator: 'tab', dateOrder: 'day-first', dateSamples: [] },
      [{ line: 1, message: '1 column is not on the roster and was ignored: Badge.' }],
    );
    expect(facts(element)[0][1]).toBe('UTF-16 (little-endian), as Excel saves “Unicode text”, marked at the start of the file');
    expect(facts(element)[3][1]).toBe('day first: 3/4/2019 is April 3, 2019');
    expect([...element.querySelectorAll('ul[aria-label="Warnings"] li')].map((li) => li.textContent?.trim())).toEqual([
      'Line 1: 1 column is not on the roster and was ignored: Badge.',
    ]);
    expect(element.querySelectorAll('table')).toHaveLength(1);
  });

  it('shows a day as that day in any time zone', () => {
    expect(readableDay('2019-01-01')).toBe('January 1, 2019');
  });
});
