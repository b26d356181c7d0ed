import { Processor } from '@nestjs/bullmq';
import { HandlesJobs, JobProcessor, noPayload, ValidJob } from '@equip/server/queue';
import { JobName, QueueName } from '@equip/shared/contracts';
import { OutboxRelay, RelayResult } from './outbox-relay';

/**
 * The Outbox queue's one job: relay now. The relay wakes on its own (NOTIFY and its timer); this
 * job lets an operator or a schedule ask for a run through BullMQ, and returns what one batch did.
 */
@Processor(QueueName.Outbox)
@HandlesJobs({ [JobName.RelayOutbox]: noPayload() })
export class OutboxProcessor extends JobProcessor {
  constructor(private readonly relay: OutboxRelay) {
    super();
  }

  protected async handle(job: ValidJob): Promise<RelayResult> {
    switch (job.name) {
      case JobName.RelayOutbox:
        return this.relay.relayBatch();
      default:
        throw new Error(`OutboxProcessor cannot handle ${job.name}`);
    }
  }
}
