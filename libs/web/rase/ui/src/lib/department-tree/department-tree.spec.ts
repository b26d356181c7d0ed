import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { DepartmentNode } from '@equip/shared/contracts';
import { DepartmentTree, buildDepartmentTree } from './department-tree';

const departments: DepartmentNode[] = [
  { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services', kind: 'department', parentId: null, depth: 0, activeStaff: 20, activeStaffWithUnits: 130 },
  { id: 'd-ops', code: 'TES-OPS', name: 'Operations', kind: 'division', parentId: 'd-tes', depth: 1, activeStaff: 80, activeStaffWithUnits: 110 },
  { id: 'd-str', code: 'TES-OPS-STREETS', name: 'Streets', kind: 'section', parentId: 'd-ops', depth: 2, activeStaff: 30, activeStaffWithUnits: 30 },
  { id: 'd-fin', code: 'FIN', name: 'Finance', kind: 'department', parentId: null, depth: 0, activeStaff: 40, activeStaffWithUnits: 40 },
];

@Component({
  imports: [DepartmentTree],
  template: `<equip-department-tree [departments]="departments()" [peopleLink]="link()" [personLink]="link()" />`,
})
class Host {
  readonly departments = signal(departments);
  readonly link = signal<string | null>('/rase/people');
}

describe('DepartmentTree', () => {
  async function render(link: string | null) {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.link.set(link);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  it('nests departments under their parents; a parent outside the list makes a root', () => {
    const roots = buildDepartmentTree(departments);
    expect(roots.map((r) => r.code)).toEqual(['TES', 'FIN']);
    expect(roots[0]?.children[0]?.children.map((c) => c.code)).toEqual(['TES-OPS-STREETS']);
    expect(buildDepartmentTree(departments.slice(1)).map((r) => r.code)).toEqual(['TES-OPS', 'FIN']);
  });

  it('shows code, kind and active staff, and expands and collapses with aria-expanded', async () => {
    const { fixture, element } = await render('/rase/people');
    const toggle = element.querySelector<HTMLButtonElement>('button[aria-controls="department-children-d-tes"]')!;
    expect(toggle.textContent?.replace(/\s+/g, ' ').trim()).toBe('▸Transportation and Environmental Services: 1 division');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(element.querySelector<HTMLElement>('#department-children-d-tes')?.hidden).toBe(true);
    expect(element.textContent).toContain('TES · department · 20 active staff here, 130 with the units under it');
    expect(element.textContent).toContain('TES-OPS-STREETS · section · 30 active staff');

    toggle.click();
    await fixture.whenStable();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(element.querySelector<HTMLElement>('#department-children-d-tes')?.hidden).toBe(false);

    toggle.click();
    await fixture.whenStable();
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('expands and collapses everything', async () => {
    const { fixture, element } = await render(null);
    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Expand all')!.click();
    await fixture.whenStable();
    expect([...element.querySelectorAll('[aria-expanded]')].map((b) => b.getAttribute('aria-expanded'))).toEqual(['true', 'true']);
  });

  it('says who leads each unit, linked to the person, which units are led from above, and which have no lead', async () => {
    const { fixture, element } = await render('/rase/people');
    fixture.componentInstance.departments.set(
      departments.map((d) => ({ ...d, leads: d.code === 'TES' ? [{ staffId: 's-1', name: 'Emily Sullivan' }] : [] })),
    );
    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Expand all')!.click();
    await fixture.whenStable();
    const rows = [...element.querySelectorAll('.tree__row')].map((r) => r.querySelector('.tree__leads')?.textContent?.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['Led by Emily Sullivan', 'No lead of its own; led through Transportation and Environmental Services', 'No lead of its own; led through Transportation and Environmental Services', 'No equity lead']);
    expect(element.querySelector('.tree__leads a')?.getAttribute('href')).toBe('/rase/people/s-1');
  });

  it('names no leads and no counts when the api gives none (a viewer)', async () => {
    const { fixture, element } = await render(null);
    fixture.componentInstance.departments.set(departments.map((d) => ({ ...d, activeStaff: null, activeStaffWithUnits: null })));
    await fixture.whenStable();
    expect(element.querySelector('.tree__leads')).toBeNull();
    expect(element.textContent).not.toContain('active staff');
    expect(element.textContent).toContain('TES · department');
  });

  it("links each department to the people list filtered by it, or just names it when there's no list", async () => {
    const linked = await render('/rase/people');
    expect(linked.element.querySelector('a')?.getAttribute('href')).toBe('/rase/people?departmentId=d-tes');
    TestBed.resetTestingModule();
    const plain = await render(null);
    expect(plain.element.querySelector('a')).toBeNull();
  });
});
