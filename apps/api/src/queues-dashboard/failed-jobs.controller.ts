import { getQueueToken } from '@nestjs/bullmq';
import { Controller, Get } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@equip/server/http';
import { jobFailureInWords } from '@equip/server/queue';
import { type FailedJob, type FailedJobsSummary, QueueName } from '@equip/shared/contracts';
import type { Job, Queue } from 'bullmq';

/** How many failures the summary describes; the queue dashboard lists them all. */
export const FAILED_JOBS_SHOWN = 5;

/**
 * The RASE home's failed-jobs panel: how many jobs failed and the latest few in words, without
 * opening the queue dashboard. Read-only; retrying stays on the dashboard.
 */
@ApiTags('queues')
@Controller('admin/failed-jobs')
export class FailedJobsController {
  constructor(private readonly moduleRef: ModuleRef) {}

  @Get()
  @Roles('rase_admin')
  @ApiOkResponse({ description: 'Failed background jobs across every queue: how many, and the latest few in words.' })
  async summary(): Promise<FailedJobsSummary> {
    const queues = Object.values(QueueName).map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    const perQueue = await Promise.all(
      queues.map(async (queue) => ({ count: await queue.getFailedCount(), jobs: await queue.getFailed(0, FAILED_JOBS_SHOWN - 1) })),
    );
    const latest = perQueue
      .flatMap(({ jobs }) => jobs.filter((job): job is Job => Boolean(job)))
      .sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0))
      .slice(0, FAILED_JOBS_SHOWN)
      .map(failedJob);
    return { total: perQueue.reduce((sum, { count }) => sum + count, 0), latest };
  }
}

/** What did not happen and why, in words (`jobFailureInWords`); the raw error stays on the queue dashboard. */
function failedJob(job: Job): FailedJob {
  return { ...jobFailureInWords(job.name, job.failedReason), failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(), attempts: job.attemptsMade };
}
