import type { Routes } from '@angular/router';
import { areaGuard, homeGuard, signedInGuard, signedOutGuard } from '@equip/web/shared/data-access';
import { NoAccess } from './no-access/no-access';
import { NotFound } from './not-found/not-found';

/** One lazy chunk per area; each guard asks the api who is signed in before the area opens. */
export const appRoutes: Routes = [
  { path: '', pathMatch: 'full', canActivate: [homeGuard], children: [] },
  {
    path: 'sign-in',
    title: 'Sign in',
    canActivate: [signedOutGuard],
    loadComponent: () => import('@equip/web/shared/feature-sign-in').then((m) => m.SignInPage),
  },
  {
    path: 'learn',
    canActivate: [areaGuard('learn')],
    loadChildren: () => import('@equip/web/learner/feature-home').then((m) => m.LEARNER_ROUTES),
  },
  {
    path: 'lead',
    canActivate: [areaGuard('lead')],
    loadChildren: () => import('@equip/web/lead/feature-home').then((m) => m.LEAD_ROUTES),
  },
  {
    path: 'rase',
    canActivate: [areaGuard('rase')],
    loadChildren: () => import('@equip/web/rase/feature-home').then((m) => m.RASE_ROUTES),
  },
  { path: 'no-access', title: 'Nothing to open yet', canActivate: [signedInGuard], component: NoAccess },
  { path: '**', title: 'Page not found', component: NotFound },
];
