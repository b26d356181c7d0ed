export * from './certificates.module';
export { CertificateIssuer, type IssueOutcome } from './certificate-issuer';
export { CertificatesProcessor } from './jobs/certificates.processor';
export { parseIssueCertificatePayload } from './jobs/issue-certificate.payload';
export { CertificateRenderer, type RendererOptions } from './render/certificate-renderer';
export { accessiblePdf, collectPdf, loadFonts, renderCertificatePdf, type CertificateContent, type RenderOptions } from './render/render-certificate';
