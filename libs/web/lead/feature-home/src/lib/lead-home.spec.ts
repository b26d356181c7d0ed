import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { LeadHome as LeadHomeData, SessionUser } from '@equip/shared/contracts';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { LeadHome } from './lead-home';

describe('LeadHome', () => {
  const empty: LeadHomeData = { cohorts: [], withoutAccount: 0, recentNudges: [] };

  async function render(user: SessionUser, home: LeadHomeData = empty): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: SessionStore, useValue: { user: signal(user) } }],
    });
    const fixture = TestBed.createComponent(LeadHome);
    await fixture.whenStable();
    const http = TestBed.inject(HttpTestingController);
    http.expectOne('/api/lead/home').flush(home);
    await fixture.whenStable();
    http.verify();
    return fixture.nativeElement;
  }

  it('puts what needs attention first: per cohort, overdue and soon-due unstarted work as links; people without an account; the latest nudges', async () => {
    const element = await render(sessionUser({ roles: ['learner', 'equity_lead'], leadDepartments: [] }), {
      cohorts: [{ id: 'c-1', name: 'TES trades', overdue: 3, dueSoonNotStarted: 1 }],
      withoutAccount: 2,
      recentNudges: [{ at: '2026-12-04T15:00:00Z', person: { id: 's-1', firstName: 'Ana', lastName: 'Lee' }, title: 'Equity basics', cohort: { id: 'c-1', name: 'TES trades' }, by: { id: 's-9', firstName: 'Emily', lastName: 'Sullivan' } }],
    });
    expect([...element.querySelectorAll('h2')].map((h) => h.textContent?.trim())).toEqual(['Needs attention', 'Latest nudges', 'Departments you lead']);
    const links = [...element.querySelectorAll('a')].map((a) => [a.textContent?.replace(/\s+/g, ' ').trim(), a.getAttribute('href')]);
    expect(links).toEqual([
      ['TES trades', '/lead/cohorts/c-1'],
      ['3 assignments overdue in TES trades', '/lead/cohorts/c-1?status=overdue'],
      ['1 assignment due in the next 14 days and not started in TES trades', '/lead/cohorts/c-1?status=not_started'],
      ['2 people in your departments cannot sign in yet', '/lead/people'],
      ['Ana Lee', '/lead/people/s-1'],
    ]);
    expect(element.textContent?.replace(/\s+/g, ' ')).toContain('Nudged Dec 4, 2026: Ana Lee, Equity basics (by Emily Sullivan, from TES trades)');
  });

  it('lists the departments the person leads, with their codes', async () => {
    const element = await render(
      sessionUser({
        roles: ['learner', 'equity_lead'],
        areas: ['learn', 'lead'],
        leadDepartments: [
          { id: 'd-1', code: 'PKR', name: 'Parks and Recreation' },
          { id: 'd-2', code: 'LIB', name: 'Public Library' },
        ],
      }),
    );

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('My departments');
    const items = [...element.querySelectorAll('section[aria-labelledby="lead-departments"] li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual(['Parks and Recreation (code PKR)', 'Public Library (code LIB)']);
  });

  it('says so when the person leads no department', async () => {
    const element = await render(sessionUser({ leadDepartments: [] }));
    expect(element.querySelector('section[aria-labelledby="lead-departments"] li')).toBeNull();
    expect(element.textContent).toContain('Nothing is overdue');
    expect(element.textContent).toContain('You do not lead any departments yet.');
  });
});
