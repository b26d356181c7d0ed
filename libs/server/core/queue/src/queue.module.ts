import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { QueueName } from '@equip/shared/contracts';
import { RateLimiter } from './rate-limiter';
import { RedisService, redisConnectionOptions } from './redis.service';

/** BullMQ's own production guidance: keep a bounded history of finished jobs. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 14 * 24 * 3600 },
} as const;

/** Hash-tagged prefix so all keys of a queue map to one Redis Cluster slot. */
export function bullPrefix(queuePrefix: string): string {
  return `{${queuePrefix}}`;
}

@Global()
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    const queues = Object.values(QueueName).map((name) => BullModule.registerQueue({ name }));
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            connection: redisConnectionOptions(config.redisUrl),
            prefix: bullPrefix(config.queuePrefix),
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        ...queues,
      ],
      providers: [RedisService, RateLimiter],
      exports: [BullModule, RedisService, RateLimiter],
    };
  }
}
