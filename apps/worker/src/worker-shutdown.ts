import { WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { PublicationStore } from '@equip/server/reporting';

/**
 * On SIGTERM, before any connection closes: every BullMQ worker stops taking jobs and waits for the
 * ones in flight to finish (they still have PostgreSQL and Redis). The process has
 * STOP_TIMEOUT_MS (runtime) in all; a job still running then is taken up again by another worker
 * once its lock expires.
 */
@Injectable()
export class WorkerShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerShutdown.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly publications: PublicationStore,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    // A publication can take minutes: its thread ends now, so its job fails now (it runs again at the next start or night).
    await this.publications.stop();
    const hosts = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
    const workers = hosts.flatMap((host) => {
      try {
        return [host.worker];
      } catch {
        return []; // never started
      }
    });
    const active = workers.length;
    this.logger.log(`Stopping ${active} queue workers; waiting for jobs in flight`);
    await Promise.all(workers.map((worker) => worker.close()));
  }
}
