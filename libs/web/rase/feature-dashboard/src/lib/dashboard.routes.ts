import type { Routes } from '@angular/router';
import { roleGuard } from '@equip/web/shared/data-access';

/**
 * The reporting dashboard, mounted at /rase/dashboard (administrators, viewers) and
 * /lead/dashboard (equity leads; the api limits it to their departments). `dashboardRoot` marks
 * where the pages' links start. Each page is its own lazy chunk.
 */
export const DASHBOARD_ROUTES: Routes = [
  {
    path: '',
    data: { dashboardRoot: true },
    children: [
      { path: '', title: 'Dashboard', loadComponent: () => import('./dashboard/dashboard-page').then((m) => m.DashboardPage) },
      {
        path: 'departments/:id',
        title: 'Department report',
        loadComponent: () => import('./department/department-report-page').then((m) => m.DepartmentReportPage),
      },
      {
        path: 'departments/:id/people',
        title: 'People in the department',
        loadComponent: () => import('./department/department-people-page').then((m) => m.DepartmentPeoplePage),
      },
      { path: 'cohorts/:id', title: 'Cohort report', loadComponent: () => import('./cohort/cohort-report-page').then((m) => m.CohortReportPage) },
      { path: 'summary', title: 'Summary for leadership', loadComponent: () => import('./summary/print-summary-page').then((m) => m.PrintSummaryPage) },
      {
        path: 'indicators',
        title: 'Record an indicator',
        // The api accepts records from RASE administrators only; anyone else lands on the dashboard.
        canActivate: [roleGuard(['rase_admin'], '/rase/dashboard')],
        loadComponent: () => import('./indicators/record-indicator-page').then((m) => m.RecordIndicatorPage),
      },
    ],
  },
];
