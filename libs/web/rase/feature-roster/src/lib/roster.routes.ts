import type { Routes } from '@angular/router';
import { RosterFormatPage } from './roster-format-page';
import { RosterImportPage } from './roster-import-page';

export const ROSTER_ROUTES: Routes = [
  { path: '', title: 'Roster import', component: RosterImportPage },
  { path: 'format', title: 'Roster file format', component: RosterFormatPage },
];
