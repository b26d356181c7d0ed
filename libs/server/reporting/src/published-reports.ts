import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Optional } from '@nestjs/common';
import { CITY_DEPARTMENT } from '@equip/migrations';
import { ForbiddenError, ServiceBusyError } from '@equip/server/http';
import type {
  Dashboard, DashboardQuery, DisaggregationDimension, DisaggregationRow, HeatmapCell, HeatmapRow, PublicationInfo, ReportCount,
} from '@equip/shared/contracts';
import { QueueName } from '@equip/shared/contracts';
import { percentOf } from '@equip/shared/domain';
import type { Queue } from 'bullmq';
import type { DepartmentRow, SubjectRow } from './dashboard.repository';
import { completedPercent, depths, subjectKey, toSubject } from './heatmap';
import { PublicationStore, variantOf, type StoredCount, type StoredFigure, type StoredPublication } from './protection/publication.store';
import { publishFiguresJob } from './protection/publish-figures.payload';
import type { ResolvedQuery } from './reporting.service';

/**
 * What a protected caller may ask for: the published set. Anything else — a window of weeks, two
 * attributes at once, tenure bands, a cohort, weekly series, competencies, progression — is refused
 * with 403 before anything is read, since an answer computed for it alone could be combined with
 * the publication to undo it.
 */
export const OUTSIDE_PUBLISHED_SET =
  'Protected figures cover where each course and track stands today, by department, by one job class or work location, for everyone or active staff only.';

export function refuseOutsidePublishedSet(what: string, field: string): never {
  throw new ForbiddenError(`${what} ${OUTSIDE_PUBLISHED_SET}`, [{ field, message: 'not part of the published figures' }]);
}

/** The dashboard filters a protected caller may use: 403 for the others. */
export function checkPublishedQuery(query: DashboardQuery): void {
  if (query.from !== undefined || query.to !== undefined) refuseOutsidePublishedSet('Figures by week are not published.', query.from !== undefined ? 'from' : 'to');
  if (query.jobClass !== undefined && query.workLocation !== undefined) refuseOutsidePublishedSet('Figures by job class and work location together are not published.', 'workLocation');
}

const published = (c: StoredCount | undefined): ReportCount => (c ? { count: c.count, suppressed: c.mark } : { count: 0, suppressed: null });

/** A sum of published counts: exact when every part is shown, else not published (a sum over hidden parts would narrow them); one count is itself. */
function sum(counts: ReportCount[]): ReportCount {
  if (counts.length === 1) return counts[0];
  if (counts.some((c) => c.count === null)) return { count: null, suppressed: 'withheld' };
  return { count: counts.reduce((s, c) => s + (c.count as number), 0), suppressed: null };
}

const WITHHELD: ReportCount = { count: null, suppressed: 'withheld' };

export const publicationInfo = (p: StoredPublication): PublicationInfo => ({ computedAt: new Date(p.computedAt).toISOString(), asOfDay: p.asOf });

/**
 * Answers protected callers (viewers, "show as published", exports and the leadership PDF) from
 * the stored publication only: every count they receive is a figure of it, or a sum of figures of
 * it that are all shown. Nothing here reads the assignments.
 */
@Injectable()
export class PublishedReports {
  constructor(
    private readonly store: PublicationStore,
    /** Where a missing publication is asked for (the api); without it one is computed in place (tests, benchmarks). */
    @Optional() @InjectQueue(QueueName.Publication) private readonly queue?: Queue,
  ) {}

  /**
   * The publication the caller is answered from: theirs when they see some departments exactly.
   * None yet (a new install, a viewer just made a lead): the worker is asked for it and the caller
   * told to come back (503 with Retry-After) — computing it here would hold the request for as long
   * as the protection takes.
   */
  async publicationFor(resolved: ResolvedQuery): Promise<StoredPublication> {
    const exact = resolved.disclosure.exactDepartments();
    const stored = await this.store.latest(variantOf(exact));
    if (stored) return stored;
    if (!this.queue) return this.store.publish(new Date(), exact, new Date(0));
    const job = publishFiguresJob(exact);
    await this.queue.add(job.name, job.data, job.opts);
    throw new ServiceBusyError('The published figures are being prepared; try again in a minute.', 30);
  }

  async dashboard(resolved: ResolvedQuery, query: DashboardQuery, foundations: SubjectRow, quarterStart: string): Promise<Dashboard> {
    checkPublishedQuery(query);
    const { departments, subjects, filter, disclosure } = resolved;
    const publication = await this.publicationFor(resolved);
    const attribute = filter.jobClass !== undefined ? 'job_class' : filter.workLocation !== undefined ? 'work_location' : '';
    const value = filter.jobClass ?? filter.workLocation ?? '';
    const roots = filter.allDepartments ? [CITY_DEPARTMENT] : rootsOf(departments).map((d) => d.id);
    const figures = await this.store.figures(publication.id, {
      departmentIds: [...new Set([...departments.map((d) => d.id), ...roots])],
      activeOnly: filter.activeOnly,
      attribute,
      value,
    });
    const at = index(figures);
    const cell = (departmentId: string, subject: SubjectRow): HeatmapCell => {
      const f = at.get(`${departmentId}|${subject.id}`);
      const [assigned, completed, exempt, overdue] = [f?.assigned, f?.completed, f?.exempt, f?.overdue].map(published);
      return { subject: subjectKey(subject), assigned, completed, exempt, overdue, percentCompleted: completedPercent(assigned, completed, exempt) };
    };
    const heatmap = heatmapRows(departments, (d) => subjects.map((s) => cell(d.id, s)));
    const top = (subject: SubjectRow, measure: 'assigned' | 'completed' | 'overdue') => sum(roots.map((r) => cell(r, subject)[measure]));
    const staffTrained = top(foundations, 'completed');
    const staff = top(foundations, 'assigned');
    return {
      query,
      disclosure: disclosure.over(filter.departmentIds),
      subjects: subjects.map(toSubject),
      overview: {
        foundationsTrack: toSubject(foundations),
        staffTrained,
        staff,
        shareTrainedPercent: percentOf(staffTrained, staff),
        // Not in the published set: a window of completions, and due days ahead.
        completionsThisQuarter: WITHHELD,
        quarterStart,
        overdueNow: sum(subjects.map((s) => top(s, 'overdue'))),
        dueNext30Days: WITHHELD,
        asOf: new Date(publication.computedAt).toISOString(),
      },
      heatmap,
      weekly: [],
      competencies: [],
      publication: publicationInfo(publication),
    };
  }

  /** A breakdown of one subject by one attribute over the resolved departments' top. */
  async breakdown(resolved: ResolvedQuery, dimension: DisaggregationDimension): Promise<{ rows: DisaggregationRow[]; total: DisaggregationRow; publication: PublicationInfo }> {
    if (dimension === 'tenure_band') refuseOutsidePublishedSet('Figures by years of service are not published.', 'dimension');
    const { departments, filter, subjects } = resolved;
    const publication = await this.publicationFor(resolved);
    const roots = filter.allDepartments ? [CITY_DEPARTMENT] : rootsOf(departments).map((d) => d.id);
    const selection = { departmentIds: roots, subjectIds: [subjects[0].id], activeOnly: filter.activeOnly };
    const byValue = await this.store.figures(publication.id, { ...selection, attribute: dimension, value: '', everyValue: true });
    const totals = await this.store.figures(publication.id, { ...selection, attribute: '', value: '' });
    const row = (group: string, list: StoredFigure[]): DisaggregationRow => {
      const assigned = sum(list.map((f) => published(f.assigned)));
      const completed = sum(list.map((f) => published(f.completed)));
      return { group, assigned, completed, percentCompleted: completedPercent(assigned, completed, sum(list.map((f) => published(f.exempt)))) };
    };
    const values = [...new Set(byValue.map((f) => f.value))].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
    return {
      rows: values.map((v) => row(v === '' ? 'unknown' : v, byValue.filter((f) => f.value === v))),
      total: row('total', totals),
      publication: publicationInfo(publication),
    };
  }
}

const index = (figures: StoredFigure[]) => new Map(figures.map((f) => [`${f.departmentId}|${f.subjectId}`, f]));

/** The departments of the list whose parent is not in it. */
function rootsOf(departments: DepartmentRow[]): DepartmentRow[] {
  const ids = new Set(departments.map((d) => d.id));
  return departments.filter((d) => !d.parentId || !ids.has(d.parentId));
}

/** Heatmap rows in the list's order (parents before children), with depth and whether each has children in it. */
export function heatmapRows(departments: DepartmentRow[], cells: (d: DepartmentRow) => HeatmapCell[]): HeatmapRow[] {
  const depth = depths(departments);
  const parents = new Set(departments.map((d) => d.parentId).filter((p): p is string => p !== null));
  return departments.map((d) => ({
    department: { id: d.id, code: d.code, name: d.name, parentId: d.parentId, depth: depth.get(d.id) ?? 0, hasChildren: parents.has(d.id) },
    cells: cells(d),
  }));
}
