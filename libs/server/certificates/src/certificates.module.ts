import { Module } from '@nestjs/common';
import { MailModule } from '@equip/server/mail';
import { StorageModule } from '@equip/server/storage';
import { availableParallelism } from 'node:os';
import { CertificateIssuer } from './certificate-issuer';
import { CertificateRepository } from './certificate.repository';
import { CertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';
import { CertificatesProcessor } from './jobs/certificates.processor';
import { CertificateRenderer } from './render/certificate-renderer';

/** The api's certificate routes: download, public verification, the administrators' list and revocation. */
@Module({
  imports: [StorageModule],
  controllers: [CertificatesController],
  providers: [CertificateRepository, CertificatesService],
})
export class CertificatesModule {}

/** The worker's side: the Certificates queue's processor, which renders, stores, records and mails. */
@Module({
  imports: [StorageModule, MailModule],
  providers: [
    CertificateRepository,
    CertificateIssuer,
    CertificatesProcessor,
    // One render thread per spare core (at least one): the main thread keeps a core for I/O and lock renewal.
    { provide: CertificateRenderer, useFactory: () => new CertificateRenderer({ threads: Math.max(1, availableParallelism() - 1) }) },
  ],
  exports: [CertificateIssuer],
})
export class CertificateIssuingModule {}
