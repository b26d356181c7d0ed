import type { Page } from './organisation';

/**
 * Certificates (`/api/certificates/*`). The worker issues one per completed course or track
 * (outbox `course.completed` / `track.completed`); learners list theirs at `GET /api/learning/certificates`.
 *
 *   GET  /api/certificates/:id/pdf                                → application/pdf, as an attachment
 *                                                                   (the holder or a RASE administrator; 404 for anyone else)
 *   GET  /api/certificates/verify/:code                           → CertificateVerification (public; 404 for an unknown code)
 *   GET  /api/certificates?search=&page=&pageSize=                → Page<CertificateAdminRow> (RASE administrators)
 *   POST /api/certificates/:id/revoke   RevokeCertificateRequest  → CertificateAdminRow (RASE administrators; audited)
 */

export type CertificateStatus = 'valid' | 'revoked';

/** Where a certificate's PDF is downloaded. */
export const certificatePdfPath = (id: string): string => `/api/certificates/${encodeURIComponent(id)}/pdf`;

/** The public verification page a certificate (and its QR code) links to. */
export const certificateVerifyPath = (code: string): string => `/verify/${encodeURIComponent(code)}`;

/** What the public verification page may show: nothing else about the person. */
export interface CertificateVerification {
  name: string;
  /** The course or track. */
  title: string;
  issuedAt: string;
  status: CertificateStatus;
}

/** A row of the administrators' certificate list. */
export interface CertificateAdminRow {
  id: string;
  serial: string;
  kind: 'course' | 'track';
  title: string;
  person: { id: string; name: string };
  issuedAt: string;
  status: CertificateStatus;
  revokedAt: string | null;
  revokedReason: string | null;
  downloadUrl: string;
}

export type CertificatePage = Page<CertificateAdminRow>;

export const REVOKE_REASON_MAX_LENGTH = 500;

export interface RevokeCertificateRequest {
  /** Why the certificate no longer stands; shown to administrators and kept in the audit log. */
  reason: string;
}
