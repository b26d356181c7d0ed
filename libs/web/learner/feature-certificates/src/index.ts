export { CertificatesPage } from './lib/certificates-page';
