import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { RosterImportResult } from '@equip/shared/contracts';
import { RosterPreview } from './roster-preview';

const clean: RosterImportResult = {
  dryRun: true,
  applied: false,
  rows: 4,
  problems: [],
  added: [{ employeeId: 'E9', name: 'Nia Park' }],
  changed: [{ employeeId: 'E2', name: 'Bo Chen', fields: { job_title: ['Analyst I', 'Analyst II'], work_location: [null, 'City Hall'] } }],
  deactivated: [{ employeeId: 'E3', name: 'Cy Diaz' }],
  reactivated: [],
  unchanged: 1,
};

@Component({
  imports: [RosterPreview],
  template: `<equip-roster-preview [result]="result()" [problemCount]="count()" fileName="roster.csv" />`,
})
class Host {
  readonly result = signal(clean);
  readonly count = signal(0);
}

describe('RosterPreview', () => {
  async function render(result: RosterImportResult, count = result.problems.length): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.result.set(result);
    fixture.componentInstance.count.set(count);
    await fixture.whenStable();
    return fixture.nativeElement;
  }

  const rows = (table: Element | null | undefined) =>
    [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.children].map((c) => c.textContent?.replace(/\s+/g, ' ').trim()));

  it('announces how many problems and that nothing was imported, then lists every problem by line and column', async () => {
    const element = await render({
      ...clean,
      added: [],
      changed: [],
      deactivated: [],
      problems: [
        { line: 2, column: 'email', message: '"ana@" is not an email address.' },
        { line: 5, column: 'department_code', message: 'No department has the code "XYZ".' },
        { line: 9, column: null, message: 'The row has 9 values; the header has 11.' },
      ],
    });

    const alert = element.querySelector('[role="alert"]');
    expect(alert?.querySelector('h2')?.textContent?.trim()).toBe('3 problems found — nothing was imported');
    const table = element.querySelector('table.roster-problems');
    expect(table?.querySelector('caption')?.textContent?.trim()).toBe('Problems in roster.csv, in file order');
    expect([...(table?.querySelectorAll('thead th') ?? [])].map((th) => th.textContent?.trim())).toEqual(['Line', 'Column', 'Problem']);
    expect(rows(table)).toEqual([
      ['2', 'email', '"ana@" is not an email address.'],
      ['5', 'department_code', 'No department has the code "XYZ".'],
      ['9', 'Whole row', 'The row has 9 values; the header has 11.'],
    ]);
    expect(table?.querySelector('tbody th')?.getAttribute('scope')).toBe('row');
    expect(element.textContent).not.toContain('What this import will change');
  });

  it('says when the api listed only the first problems of a very long list', async () => {
    const element = await render({ ...clean, problems: [{ line: 2, column: 'email', message: 'Bad.' }] }, 1200);
    expect(element.querySelector('[role="alert"] h2')?.textContent).toContain('1,200 problems found');
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('The first 1 problems are listed.');
  });

  it('previews a clean file: the counts, then who is added, changed (before → after) and deactivated', async () => {
    const element = await render(clean);

    expect(element.querySelector('[role="alert"]')).toBeNull();
    expect(element.querySelector('h2')?.textContent?.trim()).toBe('What this import will change');
    expect([...element.querySelectorAll('.roster-counts li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '1 to add',
      '1 to change',
      '1 to deactivate',
      '0 to reactivate',
      '1 unchanged',
    ]);
    const captions = [...element.querySelectorAll('caption')].map((c) => c.textContent?.trim());
    expect(captions).toEqual(['People to add', 'People to change', 'People to deactivate (not in the file)']);
    const changed = element.querySelectorAll('table')[1];
    expect(rows(changed)[0]?.[2]).toBe('job_title: Analyst I → becomes Analyst II work_location: (empty) → becomes City Hall');
  });

  it('reports an import that ran in the past tense', async () => {
    const element = await render({ ...clean, dryRun: false, applied: true });
    expect(element.querySelector('h2')?.textContent?.trim()).toBe('Roster imported');
    expect(element.querySelector('.roster-counts')?.textContent).toContain('added');
  });
});
