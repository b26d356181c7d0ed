export { VERIFY_API_PATH, VerifyCertificatePage } from './lib/verify-certificate-page';
