import { Module } from '@nestjs/common';
import { QueuesDashboardController } from './queues-dashboard.controller';

/** The queue dashboard at /api/admin/queues (bull-board), for RASE administrators. */
@Module({ controllers: [QueuesDashboardController] })
export class QueuesDashboardModule {}
