import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { SessionUser } from '@equip/shared/contracts';
import { sessionUser } from '../testing/session-user';
import { SessionStore } from './session-store';
import { areaGuard, homeGuard, roleGuard, signedOutGuard } from './session-guards';

@Component({ template: '<h1>page</h1>' })
class Page {}

describe('session guards', () => {
  let session: SessionUser | null;

  async function navigate(url: string): Promise<string> {
    TestBed.configureTestingModule({
      providers: [
        { provide: SessionStore, useValue: { load: () => Promise.resolve(session) } },
        provideRouter([
          { path: '', pathMatch: 'full', canActivate: [homeGuard], children: [] },
          { path: 'sign-in', canActivate: [signedOutGuard], component: Page },
          { path: 'learn', canActivate: [areaGuard('learn')], component: Page },
          { path: 'lead', canActivate: [areaGuard('lead')], component: Page },
          {
            path: 'rase',
            canActivate: [areaGuard('rase')],
            children: [
              { path: '', component: Page },
              { path: 'reports', component: Page },
              { path: 'people', canActivate: [roleGuard(['rase_admin'], '/rase')], component: Page },
            ],
          },
          { path: 'no-access', component: Page },
        ]),
      ],
    });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return TestBed.inject(Router).url;
  }

  describe('when signed out', () => {
    beforeEach(() => (session = null));

    it('sends an area visit to sign-in with the page to come back to', async () => {
      expect(await navigate('/rase/reports?year=2026')).toBe('/sign-in?returnUrl=%2Frase%2Freports%3Fyear%3D2026');
    });

    it('sends / to sign-in', async () => {
      expect(await navigate('/')).toBe('/sign-in');
    });

    it('lets them open sign-in', async () => {
      expect(await navigate('/sign-in')).toBe('/sign-in');
    });
  });

  describe('when signed in', () => {
    it('opens an area the person has', async () => {
      session = sessionUser({ roles: ['learner', 'equity_lead'], areas: ['learn', 'lead'] });
      expect(await navigate('/lead')).toBe('/lead');
    });

    it('sends an area the person lacks to their home area', async () => {
      session = sessionUser({ roles: ['learner', 'equity_lead'], areas: ['learn', 'lead'] });
      expect(await navigate('/rase/reports')).toBe('/lead');
    });

    it('sends / to their home area', async () => {
      session = sessionUser({ roles: ['learner', 'equity_lead'], areas: ['learn', 'lead'] });
      expect(await navigate('/')).toBe('/lead');
    });

    it('sends someone with no area to the no-access page rather than looping', async () => {
      session = sessionUser({ roles: [], areas: [] });
      expect(await navigate('/learn')).toBe('/no-access');
    });

    it('moves them off the sign-in page to the returnUrl', async () => {
      session = sessionUser({ roles: ['learner', 'equity_lead'], areas: ['learn', 'lead'] });
      expect(await navigate('/sign-in?returnUrl=%2Flead')).toBe('/lead');
    });

    it('ignores a returnUrl that leaves the app', async () => {
      session = sessionUser();
      expect(await navigate('/sign-in?returnUrl=%2F%2Fevil.example%2Fphish')).toBe('/learn');
    });
  });

  describe('inside an area', () => {
    it('opens an administrator page to a RASE administrator', async () => {
      session = sessionUser({ roles: ['learner', 'rase_admin'], areas: ['learn', 'rase'] });
      expect(await navigate('/rase/people')).toBe('/rase/people');
    });

    it("sends a viewer from an administrator page to the area's home", async () => {
      session = sessionUser({ roles: ['viewer'], areas: ['rase'] });
      expect(await navigate('/rase/people')).toBe('/rase');
    });
  });
});
