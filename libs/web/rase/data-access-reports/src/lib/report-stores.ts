import { Injectable, inject, signal } from '@angular/core';
import type {
  CohortPeopleQuery,
  DashboardQuery,
  DisaggregationQuery,
  IndicatorRecordView,
  PeopleQuery,
  RecordIndicatorRequest,
} from '@equip/shared/contracts';
import { ApiError, latestRequest, toProblem } from '@equip/web/shared/data-access';
import { firstValueFrom, type Observable } from 'rxjs';
import { ReportsApi, withoutWindow } from './reports-api';

/** How many people a page of a person-level list shows. */
export const REPORT_PEOPLE_PAGE_SIZE = 50;

/**
 * The dashboard: what the filters offer, the figures for the current filters, every department's
 * progression stage, and one disaggregation. For a caller who sees exact figures, the same figures
 * as published too (`forExport`, `disaggregationForExport`): what the page's CSV exports hold, since
 * an export is made to be shared. Provide it on the page.
 */
@Injectable()
export class DashboardStore {
  private readonly api = inject(ReportsApi);

  readonly options = latestRequest((_: void) => this.api.filters());
  readonly dashboard = latestRequest((query: DashboardQuery) => this.api.dashboard(query));
  readonly forExport = latestRequest((query: DashboardQuery) => this.api.dashboard({ ...withoutWindow(query), figures: 'published' }));
  /** Administrators: when the published figures were computed, and "Publish now". */
  readonly publication = latestRequest((_: void) => this.api.publication());
  readonly progression = latestRequest((figures: DashboardQuery['figures']) => this.api.progression(figures));
  readonly disaggregation = latestRequest((query: DisaggregationQuery) => this.api.disaggregation(query));
  readonly disaggregationForExport = latestRequest((query: DisaggregationQuery) => this.api.disaggregation({ ...query, figures: 'published' }));

  /** The filter options do not depend on the filters: read them once. */
  init(): void {
    this.options.load();
  }

  load(query: DashboardQuery): void {
    this.dashboard.load(query);
  }

  /** The published figures for the exports, when what is shown is exact. */
  loadForExport(query: DashboardQuery): void {
    this.forExport.load(query);
  }

  loadPublication(): void {
    this.publication.load();
  }

  /** Asks for the published figures to be computed again; resolves when the worker has the request. */
  publishNow(): Observable<void> {
    return this.api.publishNow();
  }

  loadProgression(figures: DashboardQuery['figures']): void {
    this.progression.load(figures);
  }

  loadDisaggregation(query: DisaggregationQuery, forExport = false): void {
    this.disaggregation.load(query);
    if (forExport) this.disaggregationForExport.load(query);
  }

  summaryPdfUrl(query: DashboardQuery): string {
    return this.api.summaryPdfUrl(query);
  }
}

/** One department's drill-down: its figures and cohorts, its progression, and its people. Provide it on the page. */
@Injectable()
export class DepartmentReportStore {
  private readonly api = inject(ReportsApi);
  private departmentId = '';

  readonly report = latestRequest((query: DashboardQuery) => this.api.department(this.departmentId, query));
  readonly progression = latestRequest((id: string) => this.api.departmentProgression(id));
  readonly people = latestRequest((query: PeopleQuery) => this.api.people(this.departmentId, query));
  /** The departments and subjects the caller may filter by: names for the breadcrumbs and the filters in words. */
  readonly options = latestRequest((_: void) => this.api.filters());
  private optionsRequested = false;

  get id(): string {
    return this.departmentId;
  }

  /** The filter options do not depend on the page: read them once. */
  loadOptions(): void {
    if (this.optionsRequested) return;
    this.optionsRequested = true;
    this.options.load();
  }

  load(departmentId: string, query: DashboardQuery): void {
    const changed = departmentId !== this.departmentId;
    this.departmentId = departmentId;
    this.loadOptions();
    this.report.load(query);
    if (changed) this.progression.load(departmentId);
  }

  loadPeople(departmentId: string, query: PeopleQuery): void {
    this.departmentId = departmentId;
    this.people.load({ pageSize: REPORT_PEOPLE_PAGE_SIZE, ...query });
  }

  peopleCsvUrl(query: PeopleQuery): string {
    return this.api.peopleCsvUrl(this.departmentId, query);
  }
}

/**
 * A cohort's figures, and its members with what it assigns them for those allowed to see people
 * (reporting's person-level list, scoped by the api). Provide it on the page.
 */
@Injectable()
export class CohortReportStore {
  private readonly api = inject(ReportsApi);
  private cohortId = '';

  readonly report = latestRequest((id: string) => this.api.cohort(id));
  readonly members = latestRequest((query: CohortPeopleQuery) => this.api.cohortPeople(this.cohortId, query));

  load(cohortId: string): void {
    this.cohortId = cohortId;
    this.report.load(cohortId);
  }

  loadMembers(query: CohortPeopleQuery): void {
    this.members.load({ pageSize: REPORT_PEOPLE_PAGE_SIZE, ...query });
  }

  membersCsvUrl(query: CohortPeopleQuery): string {
    return this.api.cohortPeopleCsvUrl(this.cohortId, query);
  }
}

/** Recording an indicator: the departments and indicators to choose from, and what was recorded. Provide it on the page. */
@Injectable()
export class IndicatorRecordStore {
  private readonly api = inject(ReportsApi);

  readonly options = latestRequest((_: void) => this.api.filters());
  readonly progression = latestRequest((_: void) => this.api.progression());
  readonly records = latestRequest((departmentId: string) => this.api.records(departmentId || undefined));
  private readonly _busy = signal(false);
  readonly busy = this._busy.asReadonly();

  init(departmentId: string): void {
    this.options.load();
    this.progression.load();
    this.records.load(departmentId);
  }

  loadRecords(departmentId: string): void {
    this.records.load(departmentId);
  }

  /** Rejects with the api's `ApiError`; on success the list is read again. */
  async record(request: RecordIndicatorRequest): Promise<IndicatorRecordView> {
    this._busy.set(true);
    try {
      const saved = await firstValueFrom(this.api.record(request));
      this.records.load(request.departmentId);
      return saved;
    } catch (error) {
      throw error instanceof ApiError ? error : new ApiError(toProblem(error));
    } finally {
      this._busy.set(false);
    }
  }
}
