import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { StaffSummary } from '@equip/shared/contracts';
import { PeopleTable } from './people-table';

const person: StaffSummary = {
  id: 's-1',
  employeeId: 'E100',
  firstName: 'Ana',
  lastName: 'López',
  email: 'ana@city.example',
  department: { id: 'd-1', code: 'TES', name: 'Transportation and Environmental Services' },
  jobTitle: null,
  jobClass: null,
  workLocation: null,
  active: true,
  account: { kind: 'invited', linkExpiresOn: '2026-12-11' },
};

@Component({
  imports: [PeopleTable],
  template: `<equip-people-table caption="People, page 1 of 1" [people]="people" [linked]="linked()" />`,
})
class Host {
  readonly people = [person];
  readonly linked = signal(true);
}

describe('PeopleTable', () => {
  async function render(linked: boolean): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.linked.set(linked);
    await fixture.whenStable();
    return fixture.nativeElement;
  }

  it('is a captioned table with scoped headers and a row header per person', async () => {
    const element = await render(true);
    expect(element.querySelector('caption')?.textContent?.trim()).toBe('People, page 1 of 1');
    expect([...element.querySelectorAll('thead th')].map((th) => th.getAttribute('scope'))).toEqual(['col', 'col', 'col', 'col', 'col', 'col']);
    const rowHeader = element.querySelector('tbody th');
    expect(rowHeader?.getAttribute('scope')).toBe('row');
    expect(rowHeader?.querySelector('a')?.getAttribute('href')).toBe('/s-1');
    expect(element.querySelector('tbody')?.textContent).toContain('Not recorded');
    expect(element.querySelector('tbody')?.textContent).toContain('Invited, link expires Dec 11');
  });

  it('does not link names when the list is not linked', async () => {
    const element = await render(false);
    expect(element.querySelector('tbody a')).toBeNull();
    expect(element.querySelector('tbody th')?.textContent?.trim()).toBe('López, Ana');
  });
});
