import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { DepartmentNode, SessionUser } from '@equip/shared/contracts';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { DepartmentsPage } from './departments-page';

const departments: DepartmentNode[] = [
  { id: 'd-tes', code: 'TES', name: 'Transportation and Environmental Services', kind: 'department', parentId: null, depth: 0, activeStaff: 20, activeStaffWithUnits: 100, leads: [] },
  { id: 'd-ops', code: 'TES-OPS', name: 'Operations', kind: 'division', parentId: 'd-tes', depth: 1, activeStaff: 80, activeStaffWithUnits: 80, leads: [{ staffId: 's-9', name: 'Heather Wright' }] },
];

describe('DepartmentsPage', () => {
  async function render(user: SessionUser): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: SessionStore, useValue: { user: signal(user) } }],
    });
    const fixture = TestBed.createComponent(DepartmentsPage);
    await fixture.whenStable();
    TestBed.inject(HttpTestingController).expectOne('/api/departments').flush(departments);
    await fixture.whenStable();
    return fixture.nativeElement;
  }

  it("links each department to its people for a RASE administrator", async () => {
    const element = await render(sessionUser({ roles: ['rase_admin'], areas: ['rase'] }));
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Departments');
    expect(element.querySelector('a')?.getAttribute('href')).toBe('/rase/people?departmentId=d-tes');
    expect(element.querySelector('[aria-expanded]')).not.toBeNull();
    expect(element.textContent).toContain('20 active staff here, 100 with the units under it');
    expect(element.textContent).toContain('No equity lead');
    expect(element.querySelector('a[href="/rase/people/s-9"]')?.textContent).toBe('Heather Wright');
  });

  it('shows a viewer the tree without links to people', async () => {
    const element = await render(sessionUser({ roles: ['viewer'], areas: ['rase'] }));
    expect(element.querySelector('a')).toBeNull();
    expect(element.textContent).toContain('Transportation and Environmental Services');
  });
});
