export { COHORT_ROUTES } from './lib/cohorts.routes';
export { CohortListPage } from './lib/cohort-list-page';
export { CohortEditorPage } from './lib/cohort-editor-page';
export { CohortPage } from './lib/cohort-page';
