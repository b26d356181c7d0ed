import { Processor } from '@nestjs/bullmq';
import { OnApplicationShutdown } from '@nestjs/common';
import { HandlesJobs, JobProcessor, ValidJob } from '@equip/server/queue';
import { JobName, QueueName } from '@equip/shared/contracts';
import { CertificateIssuer, IssueOutcome } from '../certificate-issuer';
import { CertificateRenderer } from '../render/certificate-renderer';
import { parseIssueCertificatePayload } from './issue-certificate.payload';

/**
 * Jobs run with this much concurrency per worker process: rendering happens on the renderer's
 * thread, so the main thread only waits on PostgreSQL, storage and SMTP meanwhile.
 */
export const CERTIFICATE_CONCURRENCY = 4;

/** The Certificates queue; registered only by the worker. A payload that fails its check fails the job at once. */
@Processor(QueueName.Certificates, { concurrency: CERTIFICATE_CONCURRENCY })
@HandlesJobs({ [JobName.IssueCertificate]: parseIssueCertificatePayload })
export class CertificatesProcessor extends JobProcessor implements OnApplicationShutdown {
  constructor(
    private readonly issuer: CertificateIssuer,
    private readonly renderer: CertificateRenderer,
  ) {
    super();
  }

  protected async handle(job: ValidJob): Promise<IssueOutcome> {
    switch (job.name) {
      case JobName.IssueCertificate: {
        const { outboxId, ...completion } = job.data;
        return this.issuer.issue(outboxId, completion);
      }
      default:
        throw new Error(`No handler for job ${job.name} on ${QueueName.Certificates}`);
    }
  }

  /** Lets the jobs in flight finish their renders before the render threads stop. */
  async onApplicationShutdown(): Promise<void> {
    try {
      await this.worker.close();
    } catch {
      // never started (the application failed during start-up)
    }
    await this.renderer.close();
  }
}
