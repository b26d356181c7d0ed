import { InjectQueue, Processor } from '@nestjs/bullmq';
import { HandlesJobs, JobProcessor, payloadOf, ValidJob } from '@equip/server/queue';
import { JobName, QueueName } from '@equip/shared/contracts';
import type { Queue } from 'bullmq';
import { PublicationStore } from '../protection/publication.store';
import { PublishFiguresPayload, publishDeduplicationId } from '../protection/publish-figures.payload';

/**
 * The Publication queue's processor (worker only). A publication takes minutes on a city of
 * hundreds of units, so it has a queue of its own: the roster feed, snapshots and session purges
 * on the Maintenance queue never wait behind it. The audit yields between solves, so the job's
 * lock is renewed as usual; a longer lock only covers one very long solve.
 */
@Processor(QueueName.Publication, { lockDuration: 120_000 })
@HandlesJobs({ [JobName.PublishFigures]: payloadOf(PublishFiguresPayload) })
export class PublishFiguresProcessor extends JobProcessor {
  constructor(
    private readonly publications: PublicationStore,
    @InjectQueue(QueueName.Publication) private readonly queue: Queue,
  ) {
    super();
  }

  protected async handle(job: ValidJob): Promise<unknown> {
    if (job.name !== JobName.PublishFigures) throw new Error(`PublishFiguresProcessor cannot handle ${job.name}`);
    const exact = job.data.exactDepartments;
    // From here on this job reads its own snapshot: a request made now (a roster feed applied, a
    // second Publish now) is for figures it may not hold, so it may queue the next job.
    await this.queue.removeDeduplicationKey(publishDeduplicationId(exact));
    if (!exact) {
      const base = await this.publications.publishAll();
      return { publicationId: base.id, figures: base.stats.figures };
    }
    // One viewer who leads: as of the base publication's moment, so both count "overdue" on the same day.
    const base = await this.publications.latest('');
    const at = base ? new Date(base.computedAt) : new Date();
    const stored = await this.publications.publish(at, new Set(exact), at);
    return { publicationId: stored.id, figures: stored.stats.figures };
  }
}
