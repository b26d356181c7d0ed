export { CERTIFICATES_ROUTES } from './lib/certificates.routes';
export { CertificatesAdminPage } from './lib/certificates-admin-page';
export { CERTIFICATES_PAGE_SIZE, CERTIFICATES_PATH, CertificatesApi } from './lib/certificates-api';
export { askRevokeReason, type RevokeCertificateDialogData } from './lib/revoke-certificate-dialog';
