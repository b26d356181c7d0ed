import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { LEAD_ROUTES } from './lead.routes';

describe('equity lead area', () => {
  it('links its overview, cohorts, the dashboard of its departments and the people in the departments the person leads', async () => {
    TestBed.configureTestingModule({
      providers: [
        { provide: SessionStore, useValue: { user: signal(sessionUser({ roles: ['learner', 'equity_lead'], areas: ['learn', 'lead'] })) } },
        provideRouter([{ path: 'lead', children: LEAD_ROUTES }]),
      ],
    });
    const harness = await RouterTestingHarness.create('/lead');
    const element = harness.fixture.nativeElement as HTMLElement;
    const links = [...element.querySelectorAll('nav[aria-label="My departments"] a')].map((a) => [a.textContent?.trim(), a.getAttribute('href')]);
    expect(links).toEqual([
      ['Overview', '/lead'],
      ['Cohorts', '/lead/cohorts'],
      ['Dashboard', '/lead/dashboard'],
      ['People in my departments', '/lead/people'],
      ['Requests for attempts', '/lead/attempt-requests'],
    ]);
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('My departments');
  });
});
