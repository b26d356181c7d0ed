import { Module } from '@nestjs/common';
import { OutboxRelay } from './outbox-relay';
import { OutboxProcessor } from './outbox.processor';

/** The worker's outbox relay and the Outbox queue's processor. Import it in the worker only. */
@Module({
  providers: [OutboxRelay, OutboxProcessor],
  exports: [OutboxRelay],
})
export class OutboxModule {}
