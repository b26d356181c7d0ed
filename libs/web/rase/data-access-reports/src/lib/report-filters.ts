import type { ParamMap, Params } from '@angular/router';
import type { DashboardQuery, SubjectKey } from '@equip/shared/contracts';

/**
 * The dashboard's filters as they appear in the address bar (the same names as the api's query),
 * so a filtered view can be linked, bookmarked, and carried from the city into a department.
 */
export interface ReportFilters {
  departmentId: string;
  subject: SubjectKey | '';
  from: string;
  to: string;
  jobClass: string;
  workLocation: string;
  activeOnly: boolean;
  /** "Show as published": the figures viewers see (`figures=published`), for a caller who otherwise sees exact ones. */
  published: boolean;
}

export const DEFAULT_REPORT_FILTERS: ReportFilters = {
  departmentId: '',
  subject: '',
  from: '',
  to: '',
  jobClass: '',
  workLocation: '',
  activeOnly: false,
  published: false,
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SUBJECT = /^(course|track):[^\s]+$/;

export function reportFiltersFromParams(params: ParamMap): ReportFilters {
  const date = (name: string) => {
    const value = params.get(name) ?? '';
    return DATE.test(value) ? value : '';
  };
  const subject = params.get('subject') ?? '';
  return {
    departmentId: params.get('departmentId') ?? '',
    subject: SUBJECT.test(subject) ? (subject as SubjectKey) : '',
    from: date('from'),
    to: date('to'),
    jobClass: params.get('jobClass') ?? '',
    workLocation: params.get('workLocation') ?? '',
    published: params.get('figures') === 'published',
    activeOnly: params.get('activeOnly') === 'true',
  };
}

/** Query parameters for the filters; what is not set is null, which removes it from the URL. */
export function reportFiltersToParams(filters: ReportFilters): Params {
  return {
    departmentId: filters.departmentId || null,
    subject: filters.subject || null,
    from: filters.from || null,
    to: filters.to || null,
    jobClass: filters.jobClass || null,
    workLocation: filters.workLocation || null,
    activeOnly: filters.activeOnly ? 'true' : null,
    figures: filters.published ? 'published' : null,
  };
}

export function reportFiltersToQuery(filters: ReportFilters): DashboardQuery {
  const query: DashboardQuery = {};
  if (filters.departmentId) query.departmentId = filters.departmentId;
  if (filters.subject) query.subject = filters.subject;
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = filters.to;
  if (filters.jobClass) query.jobClass = filters.jobClass;
  if (filters.workLocation) query.workLocation = filters.workLocation;
  if (filters.activeOnly) query.activeOnly = true;
  if (filters.published) query.figures = 'published';
  return query;
}
