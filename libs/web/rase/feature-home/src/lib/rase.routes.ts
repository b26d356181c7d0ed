import type { Routes } from '@angular/router';
import { roleGuard } from '@equip/web/shared/data-access';
import { RaseArea } from './rase-area';
import { RaseHome } from './rase-home';

/** Pages for RASE administrators only; a viewer who follows a link to one lands on the area's overview. */
const administratorsOnly = roleGuard(['rase_admin'], '/rase');

/** The RASE area, mounted at /rase by the app (which guards it). Each page is its own lazy chunk. */
export const RASE_ROUTES: Routes = [
  {
    path: '',
    component: RaseArea,
    children: [
      { path: '', title: 'City-wide progress', component: RaseHome },
      {
        // The reporting dashboard; its indicator entry page guards itself for administrators.
        path: 'dashboard',
        loadChildren: () => import('@equip/web/rase/feature-dashboard').then((m) => m.DASHBOARD_ROUTES),
      },
      {
        path: 'roster',
        canActivate: [administratorsOnly],
        loadChildren: () => import('@equip/web/rase/feature-roster').then((m) => m.ROSTER_ROUTES),
      },
      {
        path: 'people',
        canActivate: [administratorsOnly],
        loadChildren: () => import('@equip/web/rase/feature-people').then((m) => m.RASE_PEOPLE_ROUTES),
      },
      {
        path: 'departments',
        loadChildren: () => import('@equip/web/rase/feature-departments').then((m) => m.DEPARTMENTS_ROUTES),
      },
      {
        path: 'certificates',
        canActivate: [administratorsOnly],
        loadChildren: () => import('@equip/web/rase/feature-certificates').then((m) => m.CERTIFICATES_ROUTES),
      },
      {
        // The same page as the lead area's, for people no equity lead covers (their requests go to administrators).
        path: 'attempt-requests',
        title: 'Requests for another attempt',
        canActivate: [administratorsOnly],
        data: { peopleBase: '/rase/people' },
        loadComponent: () => import('@equip/web/lead/feature-home').then((m) => m.AttemptRequestsPage),
      },
      {
        path: 'audit',
        canActivate: [administratorsOnly],
        loadChildren: () => import('@equip/web/rase/feature-audit').then((m) => m.AUDIT_ROUTES),
      },
    ],
  },
];
