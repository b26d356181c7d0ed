import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { SessionUser } from '@equip/shared/contracts';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { RASE_ROUTES } from './rase.routes';

@Component({ template: '<h1>Stub</h1>' })
class Stub {}

describe('RASE area', () => {
  async function open(user: SessionUser, url: string): Promise<{ element: HTMLElement; url: string }> {
    TestBed.configureTestingModule({
      providers: [
        // The overview asks the api for its panels; these tests only read the navigation.
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: SessionStore, useValue: { user: signal(user), load: () => Promise.resolve(user) } },
        provideRouter([{ path: 'rase', children: RASE_ROUTES }, { path: '**', component: Stub }]),
      ],
    });
    const harness = await RouterTestingHarness.create(url);
    return { element: harness.fixture.nativeElement as HTMLElement, url: TestBed.inject(Router).url };
  }

  const links = (element: HTMLElement) =>
    [...element.querySelectorAll('nav[aria-label="City-wide (RASE)"] a')].map((a) => [a.textContent?.trim(), a.getAttribute('href')]);

  it('shows an administrator every page of the area, marking the current one', async () => {
    const { element } = await open(sessionUser({ roles: ['learner', 'rase_admin'], areas: ['learn', 'rase'] }), '/rase');
    expect(links(element)).toEqual([
      ['Overview', '/rase'],
      ['Dashboard', '/rase/dashboard'],
      ['Roster import', '/rase/roster'],
      ['People', '/rase/people'],
      ['Departments', '/rase/departments'],
      ['Certificates', '/rase/certificates'],
      ['Audit log', '/rase/audit'],
      ['Requests for attempts', '/rase/attempt-requests'],
    ]);
    expect(element.querySelector('[aria-current="page"]')?.textContent?.trim()).toBe('Overview');
  });

  it('shows a viewer only the overview and departments', async () => {
    const { element } = await open(sessionUser({ roles: ['viewer'], areas: ['rase'] }), '/rase');
    expect(links(element).map(([label]) => label)).toEqual(['Overview', 'Dashboard', 'Departments']);
  });

  it.each(['/rase/people', '/rase/roster', '/rase/certificates', '/rase/audit', '/rase/attempt-requests'])('sends a viewer who opens %s to the overview', async (url) => {
    const { url: landed } = await open(sessionUser({ roles: ['viewer'], areas: ['rase'] }), url);
    expect(landed).toBe('/rase');
  });
});
