import type { Routes } from '@angular/router';
import { AttemptRequestsPage } from './attempt-requests-page';
import { LeadArea } from './lead-area';
import { LeadHome } from './lead-home';

/** The equity lead area, mounted at /lead by the app (which guards it). */
export const LEAD_ROUTES: Routes = [
  {
    path: '',
    component: LeadArea,
    children: [
      { path: '', title: 'My departments', component: LeadHome },
      // People who used every attempt at a knowledge check and asked for another (the mail they send links here).
      { path: 'attempt-requests', title: 'Requests for another attempt', component: AttemptRequestsPage, data: { peopleBase: '/lead/people' } },
      {
        path: 'cohorts',
        loadChildren: () => import('@equip/web/lead/feature-cohorts').then((m) => m.COHORT_ROUTES),
      },
      {
        // The RASE dashboard; the api limits every figure to the departments this person leads.
        path: 'dashboard',
        loadChildren: () => import('@equip/web/rase/feature-dashboard').then((m) => m.DASHBOARD_ROUTES),
      },
      {
        // The same list as the RASE area's; the api limits it to the departments this person leads.
        path: 'people',
        loadChildren: () =>
          import('@equip/web/shared/feature-people').then((m) =>
            m.peopleRoutes({
              heading: 'People in my departments',
              intro: 'Staff in the departments you lead and everything under them, as the city roster lists them.',
            }, { cohortBase: '/lead/cohorts' }),
          ),
      },
    ],
  },
];
