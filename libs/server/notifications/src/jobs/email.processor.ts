import { Processor } from '@nestjs/bullmq';
import { HandlesJobs, JobProcessor, type ValidJob } from '@equip/server/queue';
import { JobName, QueueName } from '@equip/shared/contracts';
import { MailSenderService } from '../mail-sender.service';
import { mailPayload } from './payloads';

/** The email queue: one job per outgoing message, each sent once per key. Registered only by the worker. */
@Processor(QueueName.Email, { concurrency: 4 })
@HandlesJobs({ [JobName.SendMail]: mailPayload })
export class EmailProcessor extends JobProcessor {
  constructor(private readonly sender: MailSenderService) {
    super();
  }

  protected async handle(job: ValidJob): Promise<{ sent: boolean; messageId?: string }> {
    if (job.name !== JobName.SendMail) throw new Error(`EmailProcessor does not handle ${job.name}`);
    return this.sender.send(job.data);
  }
}
