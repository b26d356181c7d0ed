import { getQueueToken } from '@nestjs/bullmq';
import { All, Controller, ForbiddenException, Next, OnModuleInit, Req, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '@equip/server/http';
import { QueueName } from '@equip/shared/contracts';
import type { Queue } from 'bullmq';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

/** Where the dashboard lives (the api's global prefix included). */
export const QUEUES_DASHBOARD_PATH = '/api/admin/queues';

/**
 * What an administrator may change from the dashboard: retrying a failed job, or every failed job
 * of a queue. Everything else that writes (remove, clean, empty, obliterate, pause, add, edit a
 * job) is refused: a job removed by hand could be a digest or a certificate nobody gets.
 */
const ALLOWED_WRITES = [/^\/api\/queues\/[^/]+\/[^/]+\/retry$/, /^\/api\/queues\/[^/]+\/retry\/failed$/];

/**
 * bull-board (every queue, failed jobs with their errors, retry) for RASE administrators. It is
 * mounted through this controller rather than as Express middleware so that the api's global
 * guards apply to it like to any route: CSRF (the dashboard's client sends the X-XSRF-TOKEN header
 * from our cookie), the session cookie (401) and the role (403).
 */
@ApiExcludeController()
@Controller('admin/queues')
export class QueuesDashboardController implements OnModuleInit {
  private readonly host: Express = express();

  constructor(private readonly moduleRef: ModuleRef) {}

  /**
   * Once the queues exist: one bull-board adapter per queue of `QueueName`. bull-board is loaded
   * here, not at import, so a process that stops at start-up (bad settings) never pays for it.
   */
  async onModuleInit(): Promise<void> {
    const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
      import('@bull-board/api'),
      import('@bull-board/api/bullMQAdapter'),
      import('@bull-board/express'),
    ]);
    const serverAdapter = new ExpressAdapter().setBasePath(QUEUES_DASHBOARD_PATH);
    const queues = Object.values(QueueName).map(
      (name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }), { allowRetries: true }),
    );
    createBullBoard({ queues, serverAdapter, options: { uiConfig: { boardTitle: 'Equip queues' } } });
    this.host.disable('x-powered-by');
    this.host.use(QUEUES_DASHBOARD_PATH, serverAdapter.getRouter());
  }

  @All(['', '{*path}'])
  @Roles('rase_admin')
  dashboard(@Req() req: Request, @Res() res: Response, @Next() next: NextFunction): void {
    if (!['GET', 'HEAD'].includes(req.method)) {
      const path = req.path.slice(QUEUES_DASHBOARD_PATH.length);
      if (!ALLOWED_WRITES.some((pattern) => pattern.test(path))) throw new ForbiddenException('The dashboard only retries failed jobs.');
    }
    this.host(req, res, next);
  }
}
