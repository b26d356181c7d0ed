import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HeartbeatReader } from '@equip/server/queue';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [HeartbeatReader],
})
export class HealthModule {}
