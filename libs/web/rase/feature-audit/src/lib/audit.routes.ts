import type { Routes } from '@angular/router';
import { AuditLogPage } from './audit-log-page';

export const AUDIT_ROUTES: Routes = [{ path: '', title: 'Audit log', component: AuditLogPage }];
