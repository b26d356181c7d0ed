import { Processor } from '@nestjs/bullmq';
import { HandlesJobs, JobProcessor, payloadOf, ValidJob } from '@equip/server/queue';
import { JobName, JobPayloads, QueueName } from '@equip/shared/contracts';
import { IsUUID } from 'class-validator';
import { InvitationOutcome, InvitationSender } from '../password/invitation-sender';

type SendInvitationData = JobPayloads[JobName.SendInvitation];

/** The payload of `send-invitation`, checked when the job starts. */
export class SendInvitationPayload implements SendInvitationData {
  @IsUUID('all', { message: 'outboxId must be an outbox row uid (UUID)' })
  outboxId!: string;

  @IsUUID('all', { message: 'staffId must be a staff id (UUID)' })
  staffId!: string;
}

/** The Invitations queue: one set-your-password mail per outbox `staff.invited` row; registered only by the worker. */
@Processor(QueueName.Invitations)
@HandlesJobs({ [JobName.SendInvitation]: payloadOf(SendInvitationPayload) })
export class SendInvitationProcessor extends JobProcessor {
  constructor(private readonly invitations: InvitationSender) {
    super();
  }

  protected async handle(job: ValidJob): Promise<InvitationOutcome> {
    switch (job.name) {
      case JobName.SendInvitation:
        return this.invitations.send(job.data);
      default:
        throw new Error(`SendInvitationProcessor cannot handle ${job.name}`);
    }
  }
}
