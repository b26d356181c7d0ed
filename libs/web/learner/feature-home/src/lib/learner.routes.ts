import type { Routes } from '@angular/router';
import { LearnerHome } from './learner-home';

/** The learner area, mounted at /learn by the app (which guards it). */
export const LEARNER_ROUTES: Routes = [{ path: '', title: 'My learning', component: LearnerHome }];
