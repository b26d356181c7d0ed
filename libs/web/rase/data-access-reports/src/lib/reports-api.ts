import { Injectable, inject } from '@angular/core';
import type {
  CohortPeopleQuery,
  CohortReport,
  Dashboard,
  DashboardQuery,
  DepartmentProgression,
  DepartmentReport,
  Disaggregation,
  DisaggregationQuery,
  IndicatorRecordView,
  PeopleQuery,
  ProgressionOverview,
  PublicationStatus,
  RecordIndicatorRequest,
  ReportFilterOptions,
  ReportPeoplePage,
} from '@equip/shared/contracts';
import { ApiClient, type QueryParams, queryString } from '@equip/web/shared/data-access';
import type { Observable } from 'rxjs';

export const REPORTS_PATH = '/api/reports';

function id(value: string): string {
  return encodeURIComponent(value);
}

/** The dashboard filters as query parameters, in one order, leaving out what is not set. */
export function dashboardParams(query: DashboardQuery): QueryParams {
  return {
    departmentId: query.departmentId,
    subject: query.subject,
    from: query.from,
    to: query.to,
    jobClass: query.jobClass,
    workLocation: query.workLocation,
    activeOnly: query.activeOnly ? true : undefined,
    figures: query.figures,
  };
}

function listParams(query: CohortPeopleQuery): QueryParams {
  return { status: query.status, search: query.search?.trim(), page: query.page, pageSize: query.pageSize };
}

/** A person-level list takes the filters but not `figures`: it names people, it publishes no counts. */
function peopleParams(query: PeopleQuery): QueryParams {
  return { ...dashboardParams(query), figures: undefined, ...listParams(query) };
}

/** `path` with the query string of `params` (those set), for a link the browser downloads. */
function withQuery(path: string, params: QueryParams): string {
  const qs = queryString(params);
  return `${path}${qs ? `?${qs}` : ''}`;
}

/**
 * The reporting endpoints (`/api/reports/*`), typed by `@equip/shared/contracts` (reporting.ts).
 * The api scopes every answer to the caller (a lead's departments, the city for RASE) and hides
 * small groups; nothing here recomputes a figure.
 */
@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly api = inject(ApiClient);

  filters(): Observable<ReportFilterOptions> {
    return this.api.get(`${REPORTS_PATH}/filters`);
  }

  dashboard(query: DashboardQuery): Observable<Dashboard> {
    return this.api.get(`${REPORTS_PATH}/dashboard`, dashboardParams(query));
  }

  /**
   * The one-page summary for leadership as a PDF, for the same filters: a plain link, so the browser
   * saves the file. Published figures unless `figures` is `exact` (the api's default for a download).
   */
  summaryPdfUrl(query: DashboardQuery): string {
    // Published figures have no weeks: a window is only for an exact summary.
    const qs = queryString(dashboardParams(query.figures === 'exact' ? query : withoutWindow(query)));
    return `${REPORTS_PATH}/dashboard/summary.pdf${qs ? `?${qs}` : ''}`;
  }

  department(departmentId: string, query: DashboardQuery): Observable<DepartmentReport> {
    return this.api.get(`${REPORTS_PATH}/departments/${id(departmentId)}`, dashboardParams(query));
  }

  /** Person-level: administrators, and leads in their departments (viewers get 403). */
  people(departmentId: string, query: PeopleQuery): Observable<ReportPeoplePage> {
    return this.api.get(`${REPORTS_PATH}/departments/${id(departmentId)}/people`, peopleParams(query));
  }

  /** Every person the list matches (no paging), as the browser downloads it. */
  peopleCsvUrl(departmentId: string, query: PeopleQuery): string {
    return withQuery(`${REPORTS_PATH}/departments/${id(departmentId)}/people.csv`, peopleParams({ ...query, page: undefined, pageSize: undefined }));
  }

  cohort(cohortId: string, figures?: DashboardQuery['figures']): Observable<CohortReport> {
    return this.api.get(`${REPORTS_PATH}/cohorts/${id(cohortId)}`, { figures });
  }

  /** A cohort's current members with what it assigns them; person-level like `people`. */
  cohortPeople(cohortId: string, query: CohortPeopleQuery): Observable<ReportPeoplePage> {
    return this.api.get(`${REPORTS_PATH}/cohorts/${id(cohortId)}/people`, listParams(query));
  }

  cohortPeopleCsvUrl(cohortId: string, query: CohortPeopleQuery): string {
    return withQuery(`${REPORTS_PATH}/cohorts/${id(cohortId)}/people.csv`, listParams({ ...query, page: undefined, pageSize: undefined }));
  }

  disaggregation(query: DisaggregationQuery): Observable<Disaggregation> {
    return this.api.get(`${REPORTS_PATH}/disaggregation`, {
      dimension: query.dimension,
      subject: query.subject,
      departmentId: query.departmentId,
      activeOnly: query.activeOnly ? true : undefined,
      figures: query.figures,
    });
  }

  progression(figures?: DashboardQuery['figures']): Observable<ProgressionOverview> {
    return this.api.get(`${REPORTS_PATH}/progression`, { figures });
  }

  departmentProgression(departmentId: string): Observable<DepartmentProgression> {
    return this.api.get(`${REPORTS_PATH}/progression/${id(departmentId)}`);
  }

  records(departmentId?: string): Observable<IndicatorRecordView[]> {
    return this.api.get(`${REPORTS_PATH}/indicators/records`, { departmentId });
  }

  /** RASE administrators; rejects with the api's `ApiError` (field errors on 400). */
  record(request: RecordIndicatorRequest): Observable<IndicatorRecordView> {
    return this.api.post(`${REPORTS_PATH}/indicators/records`, request);
  }

  /** RASE administrators: the newest published figures viewers are answered from. */
  publication(): Observable<PublicationStatus> {
    return this.api.get(`${REPORTS_PATH}/publication`);
  }

  /** RASE administrators: asks the worker to compute the published figures again now. */
  publishNow(): Observable<void> {
    return this.api.post(`${REPORTS_PATH}/publication`, {});
  }
}

/** A dashboard query without its window of weeks: published figures have none (the api answers 403 to one). */
export const withoutWindow = (query: DashboardQuery): DashboardQuery => ({ ...query, from: undefined, to: undefined });
