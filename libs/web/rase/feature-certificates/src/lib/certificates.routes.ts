import type { Routes } from '@angular/router';
import { CertificatesAdminPage } from './certificates-admin-page';

export const CERTIFICATES_ROUTES: Routes = [{ path: '', title: 'Certificates', component: CertificatesAdminPage }];
