import { Injectable } from '@nestjs/common';
import type { CertificateAdminRow, CertificateStatus, CertificateVerification, Page } from '@equip/shared/contracts';
import { certificatePdfPath } from '@equip/shared/contracts';
import type { EntityManager } from 'typeorm';

/** One completion a certificate is for: a course enrollment or a track completion. */
export type Completion =
  | { kind: 'course'; enrollmentId: string; staffId: string; courseVersionId: string }
  | { kind: 'track'; trackCompletionId: string; staffId: string; trackId: string };

/** What is printed on a completion's certificate and who it is mailed to. */
export interface CompletionFacts {
  firstName: string;
  name: string;
  email: string;
  title: string;
  completedAt: Date;
  awards: { competency: string; level: string }[];
}

export interface IssuedCertificate {
  id: string;
  serial: string;
  verificationCode: string;
  pdfKey: string | null;
  issuedAt: Date;
  mailedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewCertificate {
  issuedAt: Date;
  serial: string;
  verificationCode: string;
  pdfKey: string;
}

export interface CertificateFile {
  staffId: string;
  serial: string;
  pdfKey: string | null;
  revoked: boolean;
}

const NAME = `s.first_name || ' ' || s.last_name`;
/** A certificate `c`'s course or track title. */
const TITLE_JOINS = `LEFT JOIN course_version v ON v.id = c.course_version_id LEFT JOIN track t ON t.id = c.track_id`;
const TITLE = `COALESCE(v.title, t.title)`;
const ISSUED_COLUMNS = `c.id, c.serial, c.verification_code AS "verificationCode", c.pdf_key AS "pdfKey",
  c.issued_at AS "issuedAt", c.mailed_at AS "mailedAt", c.revoked_at AS "revokedAt"`;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const status = (revokedAt: Date | null): CertificateStatus => (revokedAt ? 'revoked' : 'valid');

/** Certificates: the only code that reads or writes the `certificate` table. Methods take the caller's EntityManager. */
@Injectable()
export class CertificateRepository {
  /**
   * The completion as the job names it, only if it exists, is complete and belongs to that
   * person (a payload that names someone else's completion finds nothing).
   */
  async completionFacts(manager: EntityManager, completion: Completion): Promise<CompletionFacts | null> {
    const person = `s.first_name AS "firstName", ${NAME} AS name, s.email`;
    const awardsOf = (list: string) => `COALESCE((
        SELECT json_agg(json_build_object('competency', k.name, 'level', a.award->>'level') ORDER BY a.ord)
          FROM jsonb_array_elements(${list}) WITH ORDINALITY AS a (award, ord)
          JOIN competency k ON k.slug = a.award->>'competency'), '[]'::json) AS awards`;
    const rows: CompletionFacts[] =
      completion.kind === 'course'
        ? await manager.query(
            `SELECT ${person}, v.title, e.completed_at AS "completedAt", ${awardsOf('v.competencies')}
               FROM enrollment e JOIN staff s ON s.id = e.staff_id JOIN course_version v ON v.id = e.course_version_id
              WHERE e.id = $1 AND e.staff_id = $2 AND e.course_version_id = $3 AND e.completed_at IS NOT NULL`,
            [completion.enrollmentId, completion.staffId, completion.courseVersionId],
          )
        : await manager.query(
            `SELECT ${person}, t.title, tc.completed_at AS "completedAt",
                    ${awardsOf(`CASE WHEN t.awards IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(t.awards) END`)}
               FROM track_completion tc JOIN staff s ON s.id = tc.staff_id JOIN track t ON t.id = tc.track_id
              WHERE tc.id = $1 AND tc.staff_id = $2 AND tc.track_id = $3`,
            [completion.trackCompletionId, completion.staffId, completion.trackId],
          );
    return rows[0] ?? null;
  }

  /**
   * Serialises issuing for one completion until the transaction ends, so two jobs for the same
   * completion never both render (the unique constraint would still keep one row, but the loser
   * would have used a serial and stored a file for nothing).
   */
  async lockCompletion(manager: EntityManager, completion: Completion): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`certificate:${completionId(completion)}`]);
  }

  async findByCompletion(manager: EntityManager, completion: Completion): Promise<IssuedCertificate | null> {
    const column = completion.kind === 'course' ? 'enrollment_id' : 'track_completion_id';
    const rows: IssuedCertificate[] = await manager.query(`SELECT ${ISSUED_COLUMNS} FROM certificate c WHERE c.${column} = $1`, [completionId(completion)]);
    return rows[0] ?? null;
  }

  async nextSerialNumber(manager: EntityManager): Promise<number> {
    const [{ n }] = await manager.query(`SELECT nextval('certificate_serial_seq')::int AS n`);
    return n;
  }

  /** Records the certificate; null when one already exists for the completion (the unique constraint decides). */
  async insert(manager: EntityManager, completion: Completion, certificate: NewCertificate): Promise<IssuedCertificate | null> {
    const course = completion.kind === 'course';
    const rows: IssuedCertificate[] = await manager.query(
      `INSERT INTO certificate AS c (staff_id, kind, enrollment_id, course_version_id, track_completion_id, track_id, serial, verification_code, pdf_key, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT ON CONSTRAINT ${course ? 'certificate_enrollment_unique' : 'certificate_track_completion_unique'} DO NOTHING
       RETURNING ${ISSUED_COLUMNS}`,
      [
        completion.staffId,
        completion.kind,
        course ? completion.enrollmentId : null,
        course ? completion.courseVersionId : null,
        course ? null : completion.trackCompletionId,
        course ? null : completion.trackId,
        certificate.serial,
        certificate.verificationCode,
        certificate.pdfKey,
        certificate.issuedAt,
      ],
    );
    return rows[0] ?? null;
  }

  async setPdfKey(manager: EntityManager, id: string, pdfKey: string): Promise<void> {
    await manager.query(`UPDATE certificate SET pdf_key = $2 WHERE id = $1`, [id, pdfKey]);
  }

  /** The certificate, locked until the transaction ends, so only one job at a time decides whether to mail it. */
  async lockForMail(manager: EntityManager, id: string): Promise<IssuedCertificate> {
    const [row] = await manager.query(`SELECT ${ISSUED_COLUMNS} FROM certificate c WHERE c.id = $1 FOR UPDATE`, [id]);
    return row;
  }

  async markMailed(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE certificate SET mailed_at = now() WHERE id = $1`, [id]);
  }

  // ── the api ──────────────────────────────────────────────────────────────────────────────────

  async file(manager: EntityManager, id: string): Promise<CertificateFile | null> {
    const rows: CertificateFile[] = await manager.query(
      `SELECT staff_id AS "staffId", serial, pdf_key AS "pdfKey", revoked_at IS NOT NULL AS revoked FROM certificate WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async verification(manager: EntityManager, code: string): Promise<CertificateVerification | null> {
    const rows: { name: string; title: string; issuedAt: Date; revokedAt: Date | null }[] = await manager.query(
      `SELECT ${NAME} AS name, ${TITLE} AS title, c.issued_at AS "issuedAt", c.revoked_at AS "revokedAt"
         FROM certificate c JOIN staff s ON s.id = c.staff_id ${TITLE_JOINS}
        WHERE c.verification_code = $1`,
      [code],
    );
    const row = rows[0];
    return row ? { name: row.name, title: row.title, issuedAt: new Date(row.issuedAt).toISOString(), status: status(row.revokedAt) } : null;
  }

  /** Every certificate city-wide (RASE administrators), newest first; `search` matches serial, person or title. */
  async list(manager: EntityManager, filter: { search?: string; id?: string; page: number; pageSize: number }): Promise<Page<CertificateAdminRow>> {
    const params: unknown[] = [filter.search ? likePattern(filter.search) : null, filter.id ?? null, filter.pageSize, (filter.page - 1) * filter.pageSize];
    const rows: (Omit<CertificateAdminRow, 'person' | 'status' | 'downloadUrl' | 'issuedAt' | 'revokedAt'> & {
      personId: string; name: string; issuedAt: Date; revokedAt: Date | null; total: number;
    })[] = await manager.query(
      `SELECT c.id, c.serial, c.kind, ${TITLE} AS title, s.id AS "personId", ${NAME} AS name, c.issued_at AS "issuedAt",
              c.revoked_at AS "revokedAt", c.revoked_reason AS "revokedReason", count(*) OVER ()::int AS total
         FROM certificate c JOIN staff s ON s.id = c.staff_id ${TITLE_JOINS}
        WHERE ($1::text IS NULL OR c.serial ILIKE $1 OR ${NAME} ILIKE $1 OR s.email ILIKE $1 OR ${TITLE} ILIKE $1)
          AND ($2::uuid IS NULL OR c.id = $2)
        ORDER BY c.issued_at DESC, c.id DESC
        LIMIT $3 OFFSET $4`,
      params,
    );
    return {
      items: rows.map(({ personId, name, total: _total, issuedAt, revokedAt, ...row }) => ({
        ...row,
        person: { id: personId, name },
        issuedAt: new Date(issuedAt).toISOString(),
        status: status(revokedAt),
        revokedAt: revokedAt ? new Date(revokedAt).toISOString() : null,
        downloadUrl: certificatePdfPath(row.id),
      })),
      total: rows[0]?.total ?? 0,
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }

  /** Revokes a valid certificate; false when there is none with that id or it is already revoked. */
  async revoke(manager: EntityManager, id: string, reason: string, actorId: string): Promise<boolean> {
    const [, count] = await manager.query(
      `UPDATE certificate SET revoked_at = now(), revoked_reason = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL`,
      [id, reason, actorId],
    );
    return count === 1;
  }
}

export function completionId(completion: Completion): string {
  return completion.kind === 'course' ? completion.enrollmentId : completion.trackCompletionId;
}
