import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@equip/server/http';
import { HeartbeatReader, readSupervisedProcesses, RedisService } from '@equip/server/queue';

const CHECK_TIMEOUT_MS = 2000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisService,
    private readonly heartbeats: HeartbeatReader,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'The api process is alive.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({ description: 'PostgreSQL, Redis and a worker are all up, and no process is being restarted after a crash.' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency is down; the body names it.' })
  async ready(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.checkAll();
    } catch (error) {
      // Terminus reports a failed check as a 503 whose body names what is down; keep that body.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      return error.getResponse();
    }
  }

  private checkAll() {
    return this.health.check([
      () => this.db.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            await this.redis.client.ping();
            return {};
          })
          .withTimeout(CHECK_TIMEOUT_MS),
      async () => {
        const check = this.indicators.check('worker');
        try {
          const { count, lastBeatAt } = await this.heartbeats.liveWorkers();
          const data = { workers: count, lastHeartbeatAt: lastBeatAt?.toISOString() ?? null };
          return count > 0 ? check.up(data) : check.down({ ...data, message: 'no worker heartbeat' });
        } catch (error) {
          return check.down({ message: `heartbeat unreadable: ${(error as Error).message}` });
        }
      },
      // Under `npm start`, the processes its supervisor restarts after a crash (none elsewhere).
      async () => {
        const check = this.indicators.check('processes');
        const processes = await readSupervisedProcesses(this.redis.client, this.redis.prefix).catch(() => ({}));
        const restarting = Object.entries(processes).filter(([, p]) => p.state === 'restarting').map(([name]) => name);
        return restarting.length > 0
          ? check.down({ ...processes, message: `${restarting.join(' and ')} stopped unexpectedly and is being started again` })
          : check.up(processes);
      },
    ]);
  }
}
