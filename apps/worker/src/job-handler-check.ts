import { Logger, Provider } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { checkJobHandlers, declarationOf, processorQueueOf } from '@equip/server/queue';

export const JOB_HANDLER_CHECK = Symbol('JOB_HANDLER_CHECK');

/**
 * Runs while the worker's providers are created — before any BullMQ worker starts taking jobs —
 * and stops start-up unless every job of JOB_QUEUE has exactly one handler among the processors
 * (`@Processor` + `@HandlesJobs`), on the queue the job is added to.
 */
export const jobHandlerCheck: Provider = {
  provide: JOB_HANDLER_CHECK,
  inject: [DiscoveryService],
  useFactory: (discovery: DiscoveryService) => {
    const processors = discovery
      .getProviders()
      .map((wrapper) => wrapper.metatype)
      .filter((type): type is NonNullable<typeof type> & { name: string } => typeof type === 'function' && processorQueueOf(type) !== undefined)
      .map((type) => declarationOf(type));
    const report = checkJobHandlers(processors);
    if (report.errors.length > 0) throw new Error(`Job handlers are wrong: ${report.errors.join('; ')}`);
    if (report.pending.length > 0) new Logger('JobHandlerCheck').warn(`No handler yet for ${report.pending.join(', ')}`);
    return report;
  },
};
