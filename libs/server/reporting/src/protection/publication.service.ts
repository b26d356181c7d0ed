import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Optional } from '@nestjs/common';
import { AuditService } from '@equip/server/audit';
import { QueueName, type PublicationStatus } from '@equip/shared/contracts';
import type { Queue } from 'bullmq';
import { publicationInfo } from '../published-reports';
import { PublicationStore } from './publication.store';
import { publishFiguresJob } from './publish-figures.payload';

/** The administrators' side of the published figures: what viewers are answered from, and "Publish now". */
@Injectable()
export class PublicationService {
  constructor(
    private readonly store: PublicationStore,
    private readonly audit: AuditService,
    /** Where "Publish now" is sent (the api); without it the publication is computed in place (tests). */
    @Optional() @InjectQueue(QueueName.Publication) private readonly queue?: Queue,
  ) {}

  async status(): Promise<PublicationStatus> {
    const latest = await this.store.latest('');
    if (!latest) return { latest: null };
    // Publications stored before the time limit have neither list.
    const { figures, primary, complementary, withheld, departmentsOnly = [], unfinished = [] } = latest.stats;
    return {
      latest: {
        ...publicationInfo(latest),
        figures,
        hidden: primary + complementary + withheld,
        departmentsOnly: await this.store.subjectTitles(departmentsOnly),
        unfinished: await this.store.subjectTitles(unfinished),
      },
    };
  }

  /**
   * Asks the worker to publish now (audited). A second request while one waits is the same job
   * (BullMQ deduplication by id), so a double click computes once.
   */
  async requestPublication(actorId: string, ip: string | null): Promise<void> {
    const job = publishFiguresJob();
    await this.audit.record({ actorId, action: 'figures.publish_requested', subjectType: 'city', subjectId: null, ip });
    if (this.queue) await this.queue.add(job.name, job.data, job.opts);
    else await this.store.publishAll();
  }
}
