import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { ConflictError, InvalidInputError, NotFoundError } from '@equip/server/http';
import { FileStorage } from '@equip/server/storage';
import type { CertificateAdminRow, CertificateVerification, Page, SessionUser } from '@equip/shared/contracts';
import { DataSource } from 'typeorm';
import { CertificateRepository } from './certificate.repository';

/** Verification codes are 24 URL-safe characters; anything else is not worth a query. */
const CODE = /^[A-Za-z0-9_-]{22,64}$/;

/** The api's certificate use cases: download, public verification, and the administrators' list and revocation. */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CertificateRepository,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
  ) {}

  /**
   * The PDF, for its holder (while it is valid) or a RASE administrator. Anyone else gets the same
   * 404 as for an id that does not exist, so ids cannot be probed.
   */
  async pdf(user: SessionUser, id: string): Promise<{ filename: string; content: Buffer }> {
    const file = await this.repository.file(this.dataSource.manager, id);
    const allowed = file && (user.roles.includes('rase_admin') || (file.staffId === user.id && !file.revoked));
    const content = allowed && file.pdfKey ? await this.storage.get(file.pdfKey) : null;
    if (!file || !content) throw new NotFoundError('No such certificate');
    return { filename: `${file.serial}.pdf`, content };
  }

  async verify(code: string): Promise<CertificateVerification> {
    const found = CODE.test(code) ? await this.repository.verification(this.dataSource.manager, code) : null;
    if (!found) throw new NotFoundError('No certificate has this verification code');
    return found;
  }

  list(query: { search?: string; page?: number; pageSize?: number }): Promise<Page<CertificateAdminRow>> {
    return this.repository.list(this.dataSource.manager, { search: query.search?.trim() || undefined, page: query.page ?? 1, pageSize: query.pageSize ?? 50 });
  }

  async revoke(actor: SessionUser, id: string, reason: string, ip?: string): Promise<CertificateAdminRow> {
    const why = reason.trim();
    if (!why) throw new InvalidInputError('The request has invalid fields', [{ field: 'reason', message: 'reason is required' }]);
    return this.dataSource.transaction(async (manager) => {
      const [before] = (await this.repository.list(manager, { id, page: 1, pageSize: 1 })).items;
      if (!before) throw new NotFoundError('No such certificate');
      if (!(await this.repository.revoke(manager, id, why, actor.id))) throw new ConflictError('This certificate is already revoked');
      const [after] = (await this.repository.list(manager, { id, page: 1, pageSize: 1 })).items;
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'certificate.revoked',
          subjectType: 'certificate',
          subjectId: id,
          before: { serial: before.serial, status: before.status },
          after: { serial: after.serial, status: after.status, revokedAt: after.revokedAt, reason: why },
          ip,
        },
        manager,
      );
      return after;
    });
  }
}
