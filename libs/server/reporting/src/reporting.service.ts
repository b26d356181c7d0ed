import { Inject, Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '@equip/server/database';
import { InvalidInputError, NotFoundError } from '@equip/server/http';
import type {
  CompetencyLevelCount, Dashboard, DashboardOverview, DashboardQuery, ReportFilterOptions, WeeklyPoint,
} from '@equip/shared/contracts';
import { daysBetween, percentOf, type StaffScope } from '@equip/shared/domain';
import { DataSource, EntityManager } from 'typeorm';
import { DashboardRepository, type DepartmentRow, type SubjectRow } from './dashboard.repository';
import { Disclosure, ledDepartments } from './disclosure';
import { buildHeatmap, depths, ownCounts, subjectKey, toSubject, type OwnCounts } from './heatmap';
import { INDICATORS, type IndicatorsConfig } from './indicators/indicators.provider';
import { PublishedReports } from './published-reports';
import { addDays, clockAt, weekStart, type Clock, type ReportFilter } from './report-filter';

export interface ResolvedQuery {
  filter: ReportFilter;
  departments: DepartmentRow[];
  subjects: SubjectRow[];
  /** All subjects (the foundations track is looked up here even when a subject is filtered). */
  allSubjects: SubjectRow[];
  /** Which figures the caller sees exactly (decided from the scope and `figures`). */
  disclosure: Disclosure;
  /** The departments the caller leads (sub-departments included): where they may see people. */
  led: ReadonlySet<string>;
}

const DEFAULT_WEEKS = 26;

/** The dashboard's use cases: filters resolved in the caller's scope, figures from the rollups, published as the caller may see them. */
@Injectable()
export class ReportingService {
  constructor(
    // Every read here is a report, so it may come from the read replica (the primary when none is set).
    @InjectReadDataSource() private readonly dataSource: DataSource,
    private readonly repository: DashboardRepository,
    @Inject(INDICATORS) private readonly indicators: IndicatorsConfig,
    private readonly published: PublishedReports,
  ) {}

  /** Whether an answer over the resolved query is protected: then it comes from the stored publication. */
  static isPublished(resolved: ResolvedQuery): boolean {
    return resolved.disclosure.isProtected && !resolved.disclosure.exactForAll(resolved.filter.departmentIds);
  }

  /**
   * One consistent snapshot for every read of a request. Without parallel workers: each read is an
   * index probe of a few thousand rollup rows or a day of assignments, and starting a worker (a few
   * milliseconds) cost more than it saved.
   */
  read<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query(`SET LOCAL max_parallel_workers_per_gather = 0`);
      return work(m);
    });
  }

  async filterOptions(scope: StaffScope): Promise<ReportFilterOptions> {
    return this.read(async (m) => {
      const departments = await this.repository.departments(m, scope);
      const depth = depths(departments);
      const values = await this.repository.attributeValues(m, departments.map((d) => d.id));
      return {
        departments: departments.map((d) => ({ id: d.id, code: d.code, name: d.name, parentId: d.parentId, depth: depth.get(d.id) ?? 0 })),
        subjects: (await this.repository.subjects(m)).map(toSubject),
        ...values,
      };
    });
  }

  /** The caller's departments (limited to the chosen subtree) and subject; 404 outside scope, 400 for an unknown subject. */
  async resolve(m: EntityManager, scope: StaffScope, query: DashboardQuery): Promise<ResolvedQuery> {
    let departments = await this.repository.departments(m, scope);
    const led = ledDepartments(scope, departments);
    const disclosure = Disclosure.decide(scope, query.figures, led);
    if (query.departmentId) {
      const root = departments.find((d) => d.id === query.departmentId);
      if (!root) throw new NotFoundError('No such department in your scope.', [{ field: 'departmentId', message: 'not a department you can see' }]);
      departments = departments.filter((d) => d.path.startsWith(root.path));
    }
    const allSubjects = await this.repository.subjects(m);
    let subjects = allSubjects;
    if (query.subject) {
      subjects = allSubjects.filter((s) => subjectKey(s) === query.subject);
      if (subjects.length === 0) throw new InvalidInputError('Unknown course or track.', [{ field: 'subject', message: `no course or track "${query.subject}"` }]);
    }
    return {
      departments,
      subjects,
      allSubjects,
      disclosure,
      led,
      filter: {
        departmentIds: departments.map((d) => d.id),
        allDepartments: scope.kind === 'city' && !query.departmentId,
        subjectId: query.subject ? subjects[0].id : undefined,
        jobClass: query.jobClass,
        workLocation: query.workLocation,
        activeOnly: query.activeOnly === true,
      },
    };
  }

  /**
   * Every figure of the dashboard before suppression, from the rollups (and the bounded partial
   * weeks): what the benchmark checks against the raw GROUP BY over the base tables.
   */
  async figures(m: EntityManager, filter: ReportFilter, clock: Clock, range: { from: string; to: string }, foundationsId: string): Promise<Figures> {
    const states = await this.repository.states(m, filter);
    const overdueWeeks = await this.repository.dueBefore(m, filter, clock.thisWeek);
    const thisWeek = await this.repository.dueThisWeek(m, filter, clock);
    const dueWeeks = await this.repository.dueBetweenWeeks(m, filter, clock.nextWeek, clock.dueSoonEndWeek);
    const overdue = [...overdueWeeks, ...thisWeek.map((r) => ({ departmentId: r.departmentId, subjectId: r.subjectId, n: r.overdue }))];
    return {
      own: ownCounts(states, overdue),
      overdueTotal: overdue.reduce((s, r) => s + r.n, 0),
      dueSoon: dueWeeks + thisWeek.reduce((s, r) => s + r.dueSoon, 0),
      quarter: await this.repository.completionsSince(m, filter, clock),
      staff: await this.repository.staffCount(m, filter),
      completions: await this.repository.completionsByWeek(m, filter, range.from, range.to),
      trained: await this.repository.trainedByWeek(m, filter, foundationsId, range.to),
      levels: await this.repository.competencyLevels(m, filter),
    };
  }

  async dashboard(scope: StaffScope, query: DashboardQuery, now = new Date()): Promise<Dashboard> {
    return this.read(async (m) => {
      const resolved = await this.resolve(m, scope, query);
      const { filter, departments, subjects, disclosure } = resolved;
      // The city's today, weeks and quarter, in the zone the rollups count in.
      const timeZone = await this.repository.cityTimeZone(m);
      const clock = clockAt(now, timeZone);
      const foundations = resolved.allSubjects.find((s) => s.kind === 'track' && s.slug === this.indicators.foundationsTrack);
      if (!foundations) throw new NotFoundError(`The foundations track "${this.indicators.foundationsTrack}" is not published.`);
      if (ReportingService.isPublished(resolved)) return this.published.dashboard(resolved, query, foundations, clock.quarterStart);
      const range = weeks(query, clock.today);

      const { own, overdueTotal, dueSoon, quarter, staff, completions, trained, levels } = await this.figures(m, filter, clock, range, foundations.id);
      const table = disclosure.table();
      const heatmap = buildHeatmap(table, departments, subjects, own, (id) => disclosure.exactFor(id));
      // Figures over the whole filter are exact only when every department in it is.
      const exact = disclosure.exactForAll(filter.departmentIds);
      const cell = (value: number, internal = false) => table.cell(value, internal, exact);
      const overdueCell = cell(overdueTotal);
      table.relate(overdueCell, heatmap.rootOverdue);

      // The weekly series: completions per week; trained staff cumulative (each week = the one before + that week's new).
      const byWeek = new Map(completions.map((c) => [c.week, c.n]));
      const trainedByWeek = new Map(trained.map((t) => [t.week, t.n]));
      let cumulative = trained.filter((t) => t.week < range.from).reduce((s, t) => s + t.n, 0);
      let previous = cell(cumulative, true);
      const series: { week: string; completions: number; trained: number }[] = [];
      const quarterWeeks: { idx: number; n: number }[] = [];
      for (let w = range.from; w <= range.to; w = addDays(w, 7)) {
        const week = w;
        const fresh = trainedByWeek.get(week) ?? 0;
        cumulative += fresh;
        const completionsIdx = cell(byWeek.get(week) ?? 0);
        const trainedIdx = cell(cumulative);
        table.relate(trainedIdx, [previous, cell(fresh, true)]);
        previous = trainedIdx;
        if (w >= clock.quarterFirstWeek) quarterWeeks.push({ idx: completionsIdx, n: byWeek.get(week) ?? 0 });
        series.push({ week, completions: completionsIdx, trained: trainedIdx });
      }
      const staffTrainedTotal = trained.reduce((s, t) => s + t.n, 0);
      const staffTrained = cell(staffTrainedTotal);
      table.relate(staffTrained, [previous, cell(staffTrainedTotal - cumulative, true)]);
      // This quarter = its weeks shown in the series + the rest (days before its first Monday, weeks outside the series).
      const quarterCell = cell(quarter);
      table.relate(quarterCell, [...quarterWeeks.map((q) => q.idx), cell(quarter - quarterWeeks.reduce((s, q) => s + q.n, 0), true)]);
      const staffCell = cell(staff);
      const dueSoonCell = cell(dueSoon);
      const levelCells = levels.map((l) => cell(l.n));

      const staffCount = table.count(staffCell);
      const trainedCount = table.count(staffTrained);
      const overview: DashboardOverview = {
        foundationsTrack: toSubject(foundations),
        staffTrained: trainedCount,
        staff: staffCount,
        shareTrainedPercent: percentOf(trainedCount, staffCount),
        completionsThisQuarter: table.count(quarterCell),
        quarterStart: clock.quarterStart,
        overdueNow: table.count(overdueCell),
        dueNext30Days: table.count(dueSoonCell),
        asOf: now.toISOString(),
      };
      const weekly: WeeklyPoint[] = series.map((p) => {
        const trainedCumulative = table.count(p.trained);
        return { weekStart: p.week, completions: table.count(p.completions), trainedCumulative, shareTrainedPercent: percentOf(trainedCumulative, staffCount) };
      });
      const competencies: CompetencyLevelCount[] = levels.map((l, i) => ({ competency: { slug: l.slug, name: l.name }, level: l.level, rank: l.rank, staff: table.count(levelCells[i]) }));
      return { query, disclosure: disclosure.over(filter.departmentIds), subjects: subjects.map(toSubject), overview, heatmap: heatmap.rows(), weekly, competencies, publication: null };
    });
  }
}

export interface Figures {
  /** Own counts per department and subject (by department id, then subject id). */
  own: OwnCounts;
  overdueTotal: number;
  dueSoon: number;
  quarter: number;
  staff: number;
  completions: { week: string; n: number }[];
  trained: { week: string; n: number }[];
  levels: { slug: string; name: string; level: string; rank: number; n: number }[];
}

export { depths, toSubject };

/** The weeks of the series (Mondays, YYYY-MM-DD): `from`..`to` widened to whole weeks; default the 26 weeks up to `today` (the city's). */
export function weeks(query: DashboardQuery, today: string): { from: string; to: string } {
  const to = weekStart(query.to ?? today);
  const from = weekStart(query.from ?? addDays(to, -7 * (DEFAULT_WEEKS - 1)));
  if (from > to) throw new InvalidInputError('The date range is reversed.', [{ field: 'from', message: 'must be on or before to' }]);
  if (daysBetween(from, to) / 7 > 520) throw new InvalidInputError('The date range is too long.', [{ field: 'from', message: 'at most ten years before to' }]);
  return { from, to };
}
