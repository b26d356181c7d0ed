import type { Routes } from '@angular/router';
import { CohortEditorPage } from './cohort-editor-page';
import { CohortListPage } from './cohort-list-page';
import { CohortPage } from './cohort-page';

/** The equity lead's cohorts, mounted at /lead/cohorts (lazy). */
export const COHORT_ROUTES: Routes = [
  { path: '', title: 'Cohorts', component: CohortListPage },
  { path: 'new', title: 'New cohort', component: CohortEditorPage },
  {
    path: ':id',
    children: [
      { path: '', title: 'Cohort', component: CohortPage },
      { path: 'edit', title: 'Edit cohort', component: CohortEditorPage },
    ],
  },
];
