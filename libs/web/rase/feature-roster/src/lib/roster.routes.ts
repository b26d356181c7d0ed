import type { Routes } from '@angular/router';
import { RosterImportPage } from './roster-import-page';

export const ROSTER_ROUTES: Routes = [{ path: '', title: 'Roster import', component: RosterImportPage }];
