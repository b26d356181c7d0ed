import type { Routes } from '@angular/router';
import { LeadHome } from './lead-home';

/** The equity lead area, mounted at /lead by the app (which guards it). */
export const LEAD_ROUTES: Routes = [{ path: '', title: 'My departments', component: LeadHome }];
