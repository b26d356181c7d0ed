import { Body, Controller, Get, Header, HttpCode, Inject, Ip, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiServiceUnavailableResponse, ApiTags,
} from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { CurrentScope, CurrentUser, IdParam, Roles } from '@equip/server/http';
import { RenderPool } from '@equip/server/runtime';
import type {
  CohortReport, Dashboard, DepartmentProgression, DepartmentReport, Disaggregation, IndicatorRecordView, Page, ProgressionOverview, PublicationStatus, ReportFigures, ReportFilterOptions,
  ReportPerson, SessionUser,
} from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { DrilldownService } from './drilldown.service';
import { CohortPeopleQueryDto, DashboardQueryDto, DisaggregationQueryDto, FiguresQueryDto, PeopleQueryDto, RecordIndicatorDto, RecordsQueryDto } from './dto/report-query.dto';
import { ProgressionService } from './progression.service';
import { PublicationService } from './protection/publication.service';
import { refuseOutsidePublishedSet } from './published-reports';
import { competenciesCsv, disaggregationCsv, heatmapCsv, peopleCsv, progressionCsv, weeklyCsv } from './reporting-csv';
import { ReportingService } from './reporting.service';
import { SUMMARY_PDF } from './summary-pdf.renderer';

const csv = (name: string) => `attachment; filename="${name}.csv"`;

/** Protected answers come from the stored publication: a caller whose publication is not there yet is told to come back. */
const PublicationPending = () =>
  ApiServiceUnavailableResponse({ description: 'Protected figures: the published figures are being prepared (a new install, a viewer who now leads); try again after Retry-After seconds.' });

/** Progression for a protected caller lists only the departments they see exactly; with none, it is not published to them. */
function publishedProgression(overview: ProgressionOverview): ProgressionOverview {
  if (overview.disclosure !== 'exact' && overview.departments.length === 0) refuseOutsidePublishedSet('Equity progression is not published.', 'figures');
  return overview;
}

/** Exports and the PDF are made to be shared: published figures unless the caller asks for their own (`figures=exact`). */
const toShare = <Q extends { figures?: ReportFigures }>(query: Q): Q => ({ ...query, figures: query.figures ?? 'published' });

/** RASE reporting: the city for administrators and viewers, their departments for equity leads. */
@ApiTags('reports')
@Controller('reports')
@Roles('rase_admin', 'viewer', 'equity_lead')
export class ReportingController {
  constructor(
    private readonly reporting: ReportingService,
    private readonly drilldown: DrilldownService,
    private readonly progression: ProgressionService,
    private readonly renderPool: RenderPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly publications: PublicationService,
  ) {}

  @Get('filters')
  filters(@CurrentScope() scope: StaffScope): Promise<ReportFilterOptions> {
    return this.reporting.filterOptions(scope);
  }

  @Get('dashboard')
  @PublicationPending()
  @ApiOkResponse({ description: 'Overall figures, the department × course/track heatmap, weekly series, competency levels; exact or protected as the caller may see them.' })
  dashboard(@CurrentScope() scope: StaffScope, @Query() query: DashboardQueryDto): Promise<Dashboard> {
    return this.reporting.dashboard(scope, query);
  }

  @Get('dashboard/heatmap.csv')
  @PublicationPending()
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', csv('completion-heatmap'))
  async heatmapCsv(@CurrentScope() scope: StaffScope, @Query() query: DashboardQueryDto): Promise<string> {
    return heatmapCsv(await this.reporting.dashboard(scope, toShare(query)));
  }

  @Get('dashboard/weekly.csv')
  @PublicationPending()
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', csv('completions-by-week'))
  @ApiForbiddenResponse({ description: 'Protected figures (a viewer; published figures, the default): figures by week are not published.' })
  async weeklyCsv(@CurrentScope() scope: StaffScope, @Query() query: DashboardQueryDto): Promise<string> {
    const dashboard = await this.reporting.dashboard(scope, toShare(query));
    if (dashboard.publication) refuseOutsidePublishedSet('Figures by week are not published; ask for figures=exact if you may see them.', 'figures');
    return weeklyCsv(dashboard);
  }

  @Get('dashboard/competencies.csv')
  @PublicationPending()
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', csv('competency-levels'))
  @ApiForbiddenResponse({ description: 'Protected figures (a viewer; published figures, the default): competency levels are not published.' })
  async competenciesCsv(@CurrentScope() scope: StaffScope, @Query() query: DashboardQueryDto): Promise<string> {
    const dashboard = await this.reporting.dashboard(scope, toShare(query));
    if (dashboard.publication) refuseOutsidePublishedSet('Competency levels are not published; ask for figures=exact if you may see them.', 'figures');
    return competenciesCsv(dashboard);
  }

  @Get('dashboard/summary.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The one-page summary for leadership (the dashboard’s figures, published figures unless `figures=exact`, and the departments’ stages), as an attachment.' })
  @ApiBadRequestResponse({ description: 'A filter is malformed or names no course or track.' })
  @ApiNotFoundResponse({ description: 'No such department in the caller’s scope.' })
  @ApiServiceUnavailableResponse({ description: 'Too many files are being prepared at once; try again after Retry-After seconds.' })
  async summaryPdf(@CurrentScope() scope: StaffScope, @Query() query: DashboardQueryDto): Promise<StreamableFile> {
    // The dashboard first: it checks the filters (400/404) before anything else is read.
    const shared = toShare(query);
    const dashboard = await this.reporting.dashboard(scope, shared);
    const progression = await this.progression.overview(scope, shared);
    // Laid out on a render thread (a few hundred ms of CPU each): on this one, ten at once held /api/health
    // for most of a second. A full render queue answers 503 with Retry-After.
    const pdf = await this.renderPool.render(SUMMARY_PDF, { dashboard, progression, cityName: this.config.cityName, timeZone: this.config.cityTimeZone, cityWide: scope.kind === 'city' });
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: 'attachment; filename="leadership-summary.pdf"', length: pdf.length });
  }

  @Get('departments/:id')
  @PublicationPending()
  @ApiNotFoundResponse({ description: 'No such department in the caller’s scope.' })
  department(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Query() query: DashboardQueryDto): Promise<DepartmentReport> {
    return this.drilldown.department(scope, id, query);
  }

  @Get('departments/:id/people')
  @ApiForbiddenResponse({ description: 'Viewers see aggregates only.' })
  people(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Query() query: PeopleQueryDto): Promise<Page<ReportPerson>> {
    return this.drilldown.people(scope, id, query);
  }

  @Get('departments/:id/people.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', csv('department-people'))
  @ApiForbiddenResponse({ description: 'Viewers see aggregates only.' })
  async peopleCsv(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Query() query: PeopleQueryDto): Promise<string> {
    return peopleCsv((await this.drilldown.people(scope, id, query, true)).items);
  }

  @Get('cohorts/:id')
  @ApiNotFoundResponse({ description: 'No such cohort in the caller’s scope.' })
  cohort(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Query() query: FiguresQueryDto): Promise<CohortReport> {
    return this.drilldown.cohort(scope, id, query);
  }

  @Get('cohorts/:id/people')
  @ApiForbiddenResponse({ description: 'Viewers see aggregates only.' })
  @ApiNotFoundResponse({ description: 'No such cohort in the caller’s scope.' })
  cohortPeople(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Query() query: CohortPeopleQueryDto): Promise<Page<ReportPerson>> {
    return this.drilldown.cohortPeople(scope, id, query);
  }

  @Get('cohorts/:id/people.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', csv('cohort-people'))
  @ApiForbiddenResponse({ description: 'Viewers see aggregates only.' })
  @ApiNotFoundResponse({ description: 'No such cohort in the caller’s scope.' })
  async cohortPeopleCsv(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Query() query: CohortPeopleQueryDto): Promise<string> {
    return peopleCsv((await this.drilldown.cohortPeople(scope, id, query, true)).items);
  }

  @Get('disaggregation')
  @PublicationPending()
  disaggregation(@CurrentScope() scope: StaffScope, @Query() query: DisaggregationQueryDto): Promise<Disaggregation> {
    return this.drilldown.disaggregation(scope, query);
  }

  @Get('disaggregation.csv')
  @PublicationPending()
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', csv('completion-by-group'))
  async disaggregationCsv(@CurrentScope() scope: StaffScope, @Query() query: DisaggregationQueryDto): Promise<string> {
    return disaggregationCsv(await this.drilldown.disaggregation(scope, toShare(query)));
  }

  @Get('progression')
  @ApiForbiddenResponse({ description: 'A viewer who leads no department: equity progression is not part of the published figures.' })
  async progressionOverview(@CurrentScope() scope: StaffScope, @Query() query: FiguresQueryDto): Promise<ProgressionOverview> {
    return publishedProgression(await this.progression.overview(scope, query));
  }

  @Get('progression.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', csv('department-progression'))
  @ApiForbiddenResponse({ description: 'Published figures (the default for an export, and a viewer’s): equity progression is not published.' })
  async progressionCsv(@CurrentScope() scope: StaffScope, @Query() query: FiguresQueryDto): Promise<string> {
    return progressionCsv(publishedProgression(await this.progression.overview(scope, toShare(query))));
  }

  @Get('progression/:departmentId')
  @ApiNotFoundResponse({ description: 'No such department in the caller’s scope.' })
  departmentProgression(@CurrentScope() scope: StaffScope, @IdParam('departmentId') id: string, @Query() query: FiguresQueryDto): Promise<DepartmentProgression> {
    return this.progression.department(scope, id, query);
  }

  @Get('indicators/records')
  records(@CurrentScope() scope: StaffScope, @Query() query: RecordsQueryDto): Promise<IndicatorRecordView[]> {
    return this.progression.records(scope, query.departmentId);
  }

  @Get('publication')
  @Roles('rase_admin')
  @ApiOkResponse({ description: 'The newest published figures viewers are answered from: when, and how many figures are hidden.' })
  publication(): Promise<PublicationStatus> {
    return this.publications.status();
  }

  @Post('publication')
  @Roles('rase_admin')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'The worker computes the published figures again now (audited); a second request while one waits is the same one.' })
  async publish(@CurrentUser() user: SessionUser, @Ip() ip: string): Promise<void> {
    await this.publications.requestPublication(user.id, ip);
  }

  @Post('indicators/records')
  @Roles('rase_admin')
  @ApiCreatedResponse({ description: 'Recorded and audited.' })
  record(@CurrentUser() user: SessionUser, @Body() body: RecordIndicatorDto, @Ip() ip: string): Promise<IndicatorRecordView> {
    return this.progression.record(user.id, body, ip);
  }
}
