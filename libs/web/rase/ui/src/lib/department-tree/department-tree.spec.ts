import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { DepartmentNode } from '@equip/shared/contracts';
import { DepartmentTree, buildDepartmentTree } from './department-tree';

const departments: DepartmentNode[] = [
  { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services', kind: 'department', parentId: null, depth: 0, activeStaff: 20 },
  { id: 'd-ops', code: 'TES-OPS', name: 'Operations', kind: 'division', parentId: 'd-tes', depth: 1, activeStaff: 80 },
  { id: 'd-str', code: 'TES-OPS-STREETS', name: 'Streets', kind: 'section', parentId: 'd-ops', depth: 2, activeStaff: 30 },
  { id: 'd-fin', code: 'FIN', name: 'Finance', kind: 'department', parentId: null, depth: 0, activeStaff: 40 },
];

@Component({
  imports: [DepartmentTree],
  template: `<equip-department-tree [departments]="departments" [peopleLink]="link()" />`,
})
class Host {
  readonly departments = departments;
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
    expect(element.textContent).toContain('TES · department · 20 active staff');

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

  it("links each department to the people list filtered by it, or just names it when there's no list", async () => {
    const linked = await render('/rase/people');
    expect(linked.element.querySelector('a')?.getAttribute('href')).toBe('/rase/people?departmentId=d-tes');
    TestBed.resetTestingModule();
    const plain = await render(null);
    expect(plain.element.querySelector('a')).toBeNull();
  });
});
