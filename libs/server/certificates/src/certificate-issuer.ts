import { dateTimeFormat } from '@equip/shared/domain';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { markOutboxDone } from '@equip/server/database';
import { MailService } from '@equip/server/mail';
import { FileStorage } from '@equip/server/storage';
import { certificateVerifyPath } from '@equip/shared/contracts';
import { UnrecoverableError } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CertificateRepository, Completion, CompletionFacts, IssuedCertificate } from './certificate.repository';
import { CertificateRenderer } from './render/certificate-renderer';
import type { RenderOptions } from './render/render-certificate';

export interface IssueOutcome {
  certificateId: string;
  serial: string;
  /** This call recorded the certificate (false: an earlier job had). */
  issued: boolean;
  /** This call mailed it (false: already mailed, or revoked before it could be). */
  mailed: boolean;
}

/** 18 random bytes: 144 bits, 24 URL-safe characters. */
export function newVerificationCode(): string {
  return randomBytes(18).toString('base64url');
}

export function formatSerial(year: string, n: number): string {
  return `EQ-${year}-${String(n).padStart(6, '0')}`;
}

/**
 * Issues the certificate of one completion, exactly once in effect however often the job runs:
 *
 * 1. In one transaction, holding a lock on the completion: if its certificate exists, keep it
 *    (re-storing the PDF if the file is gone); otherwise take a serial, render the PDF (on the
 *    render thread), store it and insert the row (ON CONFLICT on the completion's unique constraint).
 * 2. In a second transaction, holding the certificate's row lock: unless `mailed_at` is set, mail
 *    the PDF to the learner, then set `mailed_at` and mark the outbox row done together.
 *
 * A job lost between the two is sent again by the outbox relay (its row is not done) and only
 * mails; a job lost after mailing but before the commit mails again — the one gap SMTP leaves.
 */
@Injectable()
export class CertificateIssuer {
  private readonly logger = new Logger(CertificateIssuer.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CertificateRepository,
    private readonly renderer: CertificateRenderer,
    private readonly storage: FileStorage,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(outboxId: string, completion: Completion, renderOptions: RenderOptions = {}): Promise<IssueOutcome> {
    const { certificate, facts, issued } = await this.record(completion, renderOptions);
    const mailed = await this.mailOnce(outboxId, certificate, facts);
    return { certificateId: certificate.id, serial: certificate.serial, issued, mailed };
  }

  private record(completion: Completion, renderOptions: RenderOptions) {
    return this.dataSource.transaction(async (manager) => {
      await this.repository.lockCompletion(manager, completion);
      const facts = await this.repository.completionFacts(manager, completion);
      // The outbox row is written with the completion, so a completion that is not there never will be.
      if (!facts) throw new UnrecoverableError(`No completed ${completion.kind} matches this job (staff ${completion.staffId})`);

      const existing = await this.repository.findByCompletion(manager, completion);
      if (existing) {
        if (!existing.pdfKey || !(await this.storage.exists(existing.pdfKey))) {
          const pdfKey = await this.store(existing, facts, completion.kind, renderOptions);
          await this.repository.setPdfKey(manager, existing.id, pdfKey);
          existing.pdfKey = pdfKey;
        }
        return { certificate: existing, facts, issued: false };
      }

      const issuedAt = new Date();
      const serial = formatSerial(this.cityYear(issuedAt), await this.repository.nextSerialNumber(manager));
      const verificationCode = newVerificationCode();
      const pdfKey = await this.store({ serial, verificationCode, issuedAt }, facts, completion.kind, renderOptions);
      const certificate = await this.repository.insert(manager, completion, { issuedAt, serial, verificationCode, pdfKey });
      // Unreachable while the lock above is held; if it happens, the transaction rolls back and the job retries.
      if (!certificate) throw new Error(`A certificate for this ${completion.kind} completion appeared while issuing it`);
      this.logger.log(`Issued certificate ${serial}`);
      return { certificate, facts, issued: true };
    });
  }

  /** Renders and stores the PDF; the key is `certificates/<year>/<serial>.pdf`. */
  private async store(
    certificate: Pick<IssuedCertificate, 'serial' | 'verificationCode' | 'issuedAt'>,
    facts: CompletionFacts,
    kind: Completion['kind'],
    renderOptions: RenderOptions,
  ): Promise<string> {
    const pdf = await this.renderer.render(
      {
        name: facts.name,
        kind,
        title: facts.title,
        awards: facts.awards,
        completedOn: this.cityDate(new Date(facts.completedAt)),
        serial: certificate.serial,
        verifyUrl: this.verifyUrl(certificate.verificationCode),
        cityName: this.config.cityName,
        officeName: this.config.officeName,
      },
      renderOptions,
    );
    const key = `certificates/${this.cityYear(new Date(certificate.issuedAt))}/${certificate.serial}.pdf`;
    await this.storage.put(key, pdf, 'application/pdf');
    return key;
  }

  private async mailOnce(outboxId: string, issued: IssuedCertificate, facts: CompletionFacts): Promise<boolean> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const certificate = await this.repository.lockForMail(manager, issued.id);
      if (certificate.mailedAt || certificate.revokedAt || !certificate.pdfKey) {
        await markOutboxDone(manager, outboxId);
        return false;
      }
      const pdf = await this.storage.get(certificate.pdfKey);
      if (!pdf) throw new Error(`The PDF of certificate ${certificate.serial} is missing from storage (${certificate.pdfKey})`);
      const verifyUrl = this.verifyUrl(certificate.verificationCode);
      const message = this.mail.compose({
        subject: `Your certificate: ${facts.title}`,
        preview: `Congratulations on completing ${facts.title}.`,
        greeting: `Hello ${facts.firstName},`,
        paragraphs: [
          `Congratulations on completing ${facts.title}. Your certificate is attached to this email as a PDF.`,
          `Its serial number is ${certificate.serial}. Anyone you share it with can check that it is genuine at ${verifyUrl}`,
        ],
        action: { label: 'Open My certificates', url: `${this.config.appUrl}/learn/certificates` },
        after: ['You can download your certificate again from My certificates at any time.'],
      });
      await this.mail.send({
        to: facts.email,
        ...message,
        attachments: [{ filename: `${certificate.serial}.pdf`, content: pdf, contentType: 'application/pdf' }],
      });
      await this.repository.markMailed(manager, certificate.id);
      await markOutboxDone(manager, outboxId);
      return true;
    });
  }

  private verifyUrl(code: string): string {
    return `${this.config.appUrl}${certificateVerifyPath(code)}`;
  }

  private cityDate(at: Date): string {
    return dateTimeFormat('en-US', { dateStyle: 'long', timeZone: this.config.cityTimeZone }).format(at);
  }

  private cityYear(at: Date): string {
    return dateTimeFormat('en-US', { year: 'numeric', timeZone: this.config.cityTimeZone }).format(at);
  }
}
