import { Module } from '@nestjs/common';
import { FailedJobsController } from './failed-jobs.controller';
import { QueuesDashboardController } from './queues-dashboard.controller';

/**
 * The queue dashboard at /api/admin/queues (bull-board), and the failed jobs in words at
 * /api/admin/failed-jobs, for RASE administrators.
 */
@Module({ controllers: [FailedJobsController, QueuesDashboardController] })
export class QueuesDashboardModule {}
