import { Processor, WorkerHost } from '@nestjs/bullmq';
import { JobName, QueueName } from '@equip/shared/contracts';
import { type Job, UnrecoverableError } from 'bullmq';
import { MailSenderService } from '../mail-sender.service';
import { InvalidPayloadError, mailPayload } from './payloads';

/** The email queue: one job per outgoing message, each sent once per key. Registered only by the worker. */
@Processor(QueueName.Email, { concurrency: 4 })
export class EmailProcessor extends WorkerHost {
  constructor(private readonly sender: MailSenderService) {
    super();
  }

  async process(job: Job): Promise<{ sent: boolean; messageId?: string }> {
    if ((job.name as JobName) !== JobName.SendMail) throw new UnrecoverableError(`No handler for job ${job.name} on ${QueueName.Email}`);
    try {
      return await this.sender.send(mailPayload(job.data));
    } catch (error) {
      if (error instanceof InvalidPayloadError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
