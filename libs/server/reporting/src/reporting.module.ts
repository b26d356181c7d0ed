import { Module } from '@nestjs/common';
import { RenderPoolModule } from '@equip/server/runtime';
import { DashboardRepository } from './dashboard.repository';
import { DrilldownRepository } from './drilldown.repository';
import { DrilldownService } from './drilldown.service';
import { FoldRollupsProcessor } from './jobs/fold-rollups.processor';
import { FoldRollupsSchedule } from './jobs/fold-rollups.schedule';
import { PublishFiguresProcessor } from './jobs/publish-figures.processor';
import { indicatorsProvider } from './indicators/indicators.provider';
import { PersonRecordController } from './person-record/person-record.controller';
import { PersonRecordRepository } from './person-record/person-record.repository';
import { PersonRecordService } from './person-record/person-record.service';
import { ProgressionRepository } from './progression.repository';
import { ProgressionService } from './progression.service';
import { PublicationService } from './protection/publication.service';
import { PublicationStore } from './protection/publication.store';
import { PublishedReports } from './published-reports';
import { ReportingController } from './reporting.controller';
import { ReportingService } from './reporting.service';

/** RASE reporting: dashboard from the rollups, drill-down, disaggregation, department progression. */
@Module({
  imports: [RenderPoolModule],
  controllers: [ReportingController, PersonRecordController],
  providers: [indicatorsProvider, DashboardRepository, DrilldownRepository, ProgressionRepository, ReportingService, DrilldownService, ProgressionService, PersonRecordRepository, PersonRecordService, PublicationStore, PublishedReports, PublicationService],
  exports: [ProgressionService, PublicationStore],
})
export class ReportingModule {}

/** The worker's side of reporting: folding the rollups' pending deltas every few seconds (processor and schedule), and computing the published figures. */
@Module({ imports: [ReportingModule], providers: [FoldRollupsProcessor, FoldRollupsSchedule, PublishFiguresProcessor] })
export class ReportingJobsModule {}
