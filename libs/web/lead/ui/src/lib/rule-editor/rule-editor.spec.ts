import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { CohortRule, DepartmentNode } from '@equip/shared/contracts';
import { CohortRuleEditor, buildRule, ruleFormValue, unknownWarnings } from './rule-editor';

const departments: DepartmentNode[] = [
  { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services', kind: 'department', parentId: null, depth: 0, activeStaff: 10, activeStaffWithUnits: 10 },
  { id: 'd-ops', code: 'TES-OPS', name: 'Operations', kind: 'division', parentId: 'd-tes', depth: 1, activeStaff: 5, activeStaffWithUnits: 5 },
];

@Component({
  imports: [CohortRuleEditor],
  template: `<equip-cohort-rule-editor [departments]="departments" [fieldErrors]="errors()" [jobClassChoices]="jobClasses()" (ruleChange)="rules.push($event)" />`,
})
class Host {
  readonly departments = departments;
  readonly jobClasses = signal<{ value: string; count: number }[]>([]);
  readonly errors = signal<Record<string, string>>({});
  readonly rules: CohortRule[] = [];
}

describe('buildRule', () => {
  it('leaves empty criteria out, so they do not restrict', () => {
    expect(buildRule(ruleFormValue(null))).toEqual({ activeOnly: true });
  });

  it('splits lists, trims, and takes the hire-date fields of the chosen mode only', () => {
    const value = {
      ...ruleFormValue(null),
      departmentIds: ['d-ops'],
      jobClasses: ' Trades, Technical ,,Trades',
      jobTitleContains: '  crew ',
      workLocations: 'Depot A; Depot B',
      hired: 'within' as const,
      hiredAfter: '2020-01-01',
      hiredWithinDays: 90,
      managerId: 'm-1',
      managerScope: 'chain' as const,
      activeOnly: false,
    };
    expect(buildRule(value)).toEqual({
      departmentIds: ['d-ops'],
      jobClasses: ['Trades', 'Technical'],
      jobTitleContains: 'crew',
      workLocations: ['Depot A', 'Depot B'],
      hiredWithinDays: 90,
      managerId: 'm-1',
      managerScope: 'chain',
      activeOnly: false,
    });
    expect(buildRule({ ...value, hired: 'between', hiredBefore: '2024-12-31' })).toMatchObject({ hiredAfter: '2020-01-01', hiredBefore: '2024-12-31' });
    expect(buildRule({ ...value, hired: 'between' }).hiredWithinDays).toBeUndefined();
  });

  it('round-trips an existing rule through the fields', () => {
    const rule: CohortRule = { departmentIds: ['d-tes'], jobClasses: ['Trades'], hiredAfter: '2021-05-01', managerId: 'm-1', managerScope: 'direct', activeOnly: true };
    expect(buildRule(ruleFormValue(rule))).toEqual(rule);
  });
});

describe('CohortRuleEditor', () => {
  async function render() {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement, host: fixture.componentInstance };
  }

  it('builds the rule from what is chosen and typed, with labelled, grouped fields', async () => {
    const { fixture, element, host } = await render();
    const legends = [...element.querySelectorAll('legend')].map((l) => l.textContent?.trim());
    expect(legends).toEqual(['Departments', 'Job', 'Hire date', 'Manager']);
    for (const input of element.querySelectorAll('input, select')) {
      expect(element.querySelector(`label[for="${input.id}"]`) ?? input.closest('mat-form-field')?.querySelector('label')).toBeTruthy();
    }

    const operations = element.querySelector<HTMLInputElement>('#rule-department-d-ops')!;
    operations.click();
    const jobClasses = element.querySelector<HTMLInputElement>('#rule-job-classes')!;
    jobClasses.value = 'Trades';
    jobClasses.dispatchEvent(new Event('input'));
    element.querySelector<HTMLInputElement>('#rule-hired-within-mode')!.click();
    await fixture.whenStable();
    const days = element.querySelector<HTMLInputElement>('#rule-hired-within')!;
    days.value = '30';
    days.dispatchEvent(new Event('input'));
    await fixture.whenStable();

    expect(host.rules.at(-1)).toEqual({ departmentIds: ['d-ops'], jobClasses: ['Trades'], hiredWithinDays: 30, activeOnly: true });
    expect(operations.closest('li')?.getAttribute('style')).toContain('padding-inline-start: 1.25rem');
  });

  it("shows the api's messages by their fields", async () => {
    const { fixture, element, host } = await render();
    host.errors.set({ 'rule.jobClasses': 'jobClasses must be strings', 'rule.departmentIds': 'every department must be in your scope' });
    await fixture.whenStable();
    expect(element.querySelector('#rule-departments-error')?.textContent).toContain('every department must be in your scope');
    expect(element.querySelector('mat-error')?.textContent).toContain('jobClasses must be strings');
  });
});

describe('unknownWarnings', () => {
  const choices = [
    { value: 'Trades', count: 120 },
    { value: 'Trades Helper', count: 8 },
    { value: 'Clerical', count: 40 },
  ];

  it('names a typed value nobody has, with the nearest real ones; case aside, a real one is fine', () => {
    expect(unknownWarnings(['trades', 'Trade', 'Pilot'], choices, 'job class')).toEqual([
      'No one you can see has the job class “Trade”; it would match nobody. Did you mean Trades or Trades Helper?',
      'No one you can see has the job class “Pilot”; it would match nobody.',
    ]);
  });

  it('says nothing while the city’s values are not known', () => {
    expect(unknownWarnings(['Trade'], [], 'job class')).toEqual([]);
  });
});

describe('CohortRuleEditor with the city’s job classes', () => {
  it('offers them as suggestions and warns at once about a job class nobody has', async () => {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.jobClasses.set([{ value: 'Trades', count: 120 }, { value: 'Clerical', count: 40 }]);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const input = element.querySelector<HTMLInputElement>('#rule-job-classes')!;
    expect(input.getAttribute('list')).toBe('rule-job-class-choices');
    expect([...element.querySelectorAll('#rule-job-class-choices option')].map((o) => o.getAttribute('value'))).toEqual(['Trades', 'Clerical']);
    expect(element.textContent).toContain('Separate with commas, e.g. Trades, Clerical');
    input.value = 'Trade';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(element.querySelector('.rule-unknown[role="status"]')?.textContent).toContain('No one you can see has the job class “Trade”; it would match nobody. Did you mean Trades?');
    input.value = 'trades';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(element.querySelector('.rule-unknown')?.textContent?.trim()).toBe('');
  });
});
