import type { Routes } from '@angular/router';
import { DepartmentsPage } from './departments-page';

export const DEPARTMENTS_ROUTES: Routes = [{ path: '', title: 'Departments', component: DepartmentsPage }];
