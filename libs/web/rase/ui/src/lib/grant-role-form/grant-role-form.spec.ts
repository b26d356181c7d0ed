import { Component, signal, viewChild } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { DepartmentNode, GrantRoleRequest, Problem } from '@equip/shared/contracts';
import { GrantRoleForm } from './grant-role-form';

const departments: DepartmentNode[] = [
  { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services', kind: 'department', parentId: null, depth: 0, activeStaff: 20, activeStaffWithUnits: 20 },
  { id: 'd-ops', code: 'TES-OPS', name: 'Operations', kind: 'division', parentId: 'd-tes', depth: 1, activeStaff: 80, activeStaffWithUnits: 80 },
];

@Component({
  imports: [GrantRoleForm],
  template: `<equip-grant-role-form [departments]="departments" [problem]="problem()" (grant)="granted.push($event)" />`,
})
class Host {
  readonly departments = departments;
  readonly problem = signal<Problem | null>(null);
  readonly granted: GrantRoleRequest[] = [];
  readonly form = viewChild.required(GrantRoleForm);
}

describe('GrantRoleForm', () => {
  async function render() {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const select = (id: string) => element.querySelector<HTMLSelectElement>(`#${id}`);
    const choose = async (id: string, value: string) => {
      const el = select(id)!;
      el.value = value;
      el.dispatchEvent(new Event('change'));
      await fixture.whenStable();
    };
    const submit = async () => {
      element.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await fixture.whenStable();
    };
    return { fixture, element, select, choose, submit };
  }

  it('asks for a department only for an equity lead', async () => {
    const { select, choose } = await render();
    expect(select('grant-department')).toBeNull();

    await choose('grant-role', 'equity_lead');
    const department = select('grant-department');
    expect(department).not.toBeNull();
    expect([...department!.options].map((o) => o.textContent)).toEqual([
      'Choose a department',
      'Transportation and Environmental Services (TES)',
      '\u00a0\u00a0\u00a0Operations (TES-OPS)',
    ]);

    await choose('grant-role', 'viewer');
    expect(select('grant-department')).toBeNull();
  });

  it('requires the department for an equity lead, without emitting', async () => {
    const { fixture, element, choose, submit } = await render();
    await choose('grant-role', 'equity_lead');
    await submit();

    expect(fixture.componentInstance.granted).toEqual([]);
    const summary = element.querySelector('[role="alert"]');
    expect(summary?.textContent).toContain('Choose the department this person will lead');
    expect(summary?.querySelector('a')?.getAttribute('href')).toBe('#grant-department');
    expect(element.querySelector('mat-error')?.textContent).toContain('Choose the department this person will lead');
  });

  it('emits an equity lead grant with its department', async () => {
    const { fixture, choose, submit } = await render();
    await choose('grant-role', 'equity_lead');
    await choose('grant-department', 'd-ops');
    await submit();
    expect(fixture.componentInstance.granted).toEqual([{ role: 'equity_lead', departmentId: 'd-ops' }]);
  });

  it('emits a city-wide role without a department, even if one was chosen before switching', async () => {
    const { fixture, choose, submit } = await render();
    await choose('grant-role', 'equity_lead');
    await choose('grant-department', 'd-ops');
    await choose('grant-role', 'rase_admin');
    await submit();
    expect(fixture.componentInstance.granted).toEqual([{ role: 'rase_admin' }]);
  });

  it('asks for a role before emitting', async () => {
    const { fixture, element, submit } = await render();
    await submit();
    expect(fixture.componentInstance.granted).toEqual([]);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Choose a role');
  });

  it("shows the api's field errors on the field and its other refusals in the summary", async () => {
    const { fixture, element, choose } = await render();
    await choose('grant-role', 'equity_lead');
    fixture.componentInstance.problem.set({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      errors: [{ field: 'departmentId', message: 'departmentId is not a department' }],
    });
    await fixture.whenStable();
    expect(element.querySelector('mat-error')?.textContent).toContain('departmentId is not a department');
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('departmentId is not a department');

    fixture.componentInstance.problem.set({ type: 'about:blank', title: 'Conflict', status: 409, detail: 'This person already has that role' });
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('This person already has that role');
  });

  it('empties itself on reset, showing no errors until the next try', async () => {
    const { fixture, element, select, choose, submit } = await render();
    await choose('grant-role', 'viewer');
    await submit();
    fixture.componentInstance.form().reset();
    await fixture.whenStable();
    expect(select('grant-role')?.value).toBe('');
    expect(element.querySelector('mat-error')).toBeNull();
    expect(element.querySelector('.mat-form-field-invalid')).toBeNull();
  });
});
