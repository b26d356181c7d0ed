import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuditModule } from '@equip/server/audit';
import { CertificateIssuingModule } from '@equip/server/certificates';
import { CohortsModule } from '@equip/server/cohorts';
import { AppConfig, ConfigModule } from '@equip/server/config';
import { DatabaseModule } from '@equip/server/database';
import { IdentityJobsModule } from '@equip/server/identity';
import { NotificationsWorkerModule } from '@equip/server/notifications';
import { OutboxModule } from '@equip/server/outbox';
import { ReportingJobsModule, ReportingModule } from '@equip/server/reporting';
import { RosterJobsModule } from '@equip/server/roster';
import { HeartbeatWriter, QueueModule } from '@equip/server/queue';
import { LoggerModule } from 'nestjs-pino';
import { jobHandlerCheck } from './job-handler-check';
import { MaintenanceProcessor } from './maintenance.processor';
import { Schedules } from './schedules';
import { WorkerShutdown } from './worker-shutdown';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel, base: { service: 'worker' } } }),
        DatabaseModule.forRoot('equip-worker'),
        QueueModule.forRoot(),
        DiscoveryModule,
        AuditModule,
        NotificationsWorkerModule,
        CertificateIssuingModule,
        CohortsModule,
        IdentityJobsModule,
        OutboxModule,
        ReportingModule,
        ReportingJobsModule,
        RosterJobsModule,
      ],
      providers: [HeartbeatWriter, MaintenanceProcessor, Schedules, WorkerShutdown, jobHandlerCheck],
    };
  }
}
