import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@equip/server/audit';
import { CertificatesModule } from '@equip/server/certificates';
import { AppConfig, ConfigModule } from '@equip/server/config';
import { DatabaseModule } from '@equip/server/database';
import { HealthModule } from '@equip/server/health';
import { IdentityModule } from '@equip/server/identity';
import { CohortsModule } from '@equip/server/cohorts';
import { LearningModule } from '@equip/server/learning';
import { NotificationsModule } from '@equip/server/notifications';
import { OrganisationModule } from '@equip/server/organisation';
import { QueueModule } from '@equip/server/queue';
import { ReportingModule } from '@equip/server/reporting';
import { RosterModule } from '@equip/server/roster';
import { loggerModule } from './logging';
import { QueuesDashboardModule } from './queues-dashboard/queues-dashboard.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config, 'api'),
        DatabaseModule.forRoot('equip-api'),
        QueueModule.forRoot(),
        AuditModule,
        OrganisationModule,
        RosterModule,
        LearningModule,
        CohortsModule,
        NotificationsModule,
        ReportingModule,
        CertificatesModule,
        IdentityModule,
        HealthModule,
        QueuesDashboardModule,
      ],
    };
  }
}
