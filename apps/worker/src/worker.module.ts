import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@equip/server/audit';
import { CertificateIssuingModule } from '@equip/server/certificates';
import { AppConfig, ConfigModule } from '@equip/server/config';
import { DatabaseModule } from '@equip/server/database';
import { MaintenanceProcessor } from '@equip/server/identity';
import { HeartbeatWriter, QueueModule } from '@equip/server/queue';
import { LoggerModule } from 'nestjs-pino';
import { Schedules } from './schedules';

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
        AuditModule,
        CertificateIssuingModule,
      ],
      providers: [HeartbeatWriter, MaintenanceProcessor, Schedules],
    };
  }
}
