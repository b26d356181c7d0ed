import { Injectable } from '@nestjs/common';
import { ForbiddenError, InvalidInputError, NotFoundError } from '@equip/server/http';
import {
  TENURE_BANDS, type CohortCompletion, type CohortPeopleQuery, type CohortReport, type DashboardQuery, type DepartmentReport, type Disaggregation, type DisaggregationQuery,
  type DisaggregationRow, type Page, type PeopleQuery, type ReportPerson,
} from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import type { EntityManager } from 'typeorm';
import { Disclosure } from './disclosure';
import { DrilldownRepository, type CohortFigures, type GroupStates, type PeopleOf } from './drilldown.repository';
import { completedPercent, heatmapCell, publishedCounts, registerCounts, subjectKey } from './heatmap';
import { refuseOutsidePublishedSet, PublishedReports } from './published-reports';
import { ReportingService, toSubject } from './reporting.service';

/** Person-level lists: administrators, and leads for their own departments; never viewers. */
export function canListPeople(scope: StaffScope): boolean {
  return scope.kind === 'departments' || (scope.kind === 'city' && scope.personLevel);
}

/**
 * The scope a person-level list runs in: the caller's own when they may list people; for a viewer
 * who also leads departments, those departments as a lead's scope (their people there, nobody
 * else); for anyone else none.
 */
export function peopleScope(scope: StaffScope): StaffScope | null {
  if (canListPeople(scope)) return scope;
  if (scope.kind === 'city' && scope.leadRootDepartmentIds?.length) return { kind: 'departments', actorId: scope.actorId, rootDepartmentIds: scope.leadRootDepartmentIds };
  return null;
}

/** Years of service from the hire year, in the bands the contract names. */
export function tenureBand(hireYear: number, currentYear: number): (typeof TENURE_BANDS)[number] {
  if (hireYear === 0) return 'unknown';
  const years = currentYear - hireYear;
  if (years < 2) return 'under 2 years';
  if (years < 5) return '2–4 years';
  if (years < 10) return '5–9 years';
  if (years < 20) return '10–19 years';
  return '20 years or more';
}

/** Drill-down from the city to a department, its cohorts and its people; disaggregation. */
@Injectable()
export class DrilldownService {
  constructor(
    private readonly reporting: ReportingService,
    private readonly repository: DrilldownRepository,
    private readonly published: PublishedReports,
  ) {}

  async department(scope: StaffScope, id: string, query: DashboardQuery): Promise<DepartmentReport> {
    const board = await this.reporting.dashboard(scope, { ...query, departmentId: id });
    const [own, ...rest] = board.heatmap;
    const { cohorts, disclosure, led } = await this.reporting.read(async (m) => {
      const resolved = await this.reporting.resolve(m, scope, { ...query, departmentId: id });
      // Cohorts' figures are not in the published set: a protected answer lists none.
      return { cohorts: ReportingService.isPublished(resolved) ? [] : await this.repository.cohorts(m, resolved.filter), disclosure: resolved.disclosure, led: resolved.led };
    });
    return {
      department: { id: own.department.id, code: own.department.code, name: own.department.name, parentId: own.department.parentId },
      rows: [own, ...rest.filter((r) => r.department.parentId === own.department.id)],
      subjects: board.subjects,
      cohorts: cohortCompletions(cohorts, disclosure),
      canListPeople: canListPeople(scope) || led.has(id),
      disclosure: board.disclosure,
      publication: board.publication,
    };
  }

  async cohort(scope: StaffScope, id: string, query: Pick<DashboardQuery, 'figures'> = {}): Promise<CohortReport> {
    return this.reporting.read(async (m) => {
      const { filter, departments, allSubjects, disclosure, led } = await this.reporting.resolve(m, scope, { figures: query.figures });
      await this.visibleCohort(m, scope, departments, id);
      const rows = await this.repository.cohorts(m, filter, id);
      const first = rows[0];
      const table = disclosure.table();
      // A cohort's figures are exact where its owning department's are (a city-wide cohort's only for those who see all exactly).
      const exact = disclosure.exactFor(first.department?.id);
      if (!exact) refuseOutsidePublishedSet('A cohort’s figures are not published.', 'id');
      const members = table.cell(first.members, false, exact);
      const cells = rows.filter((r) => r.subjectId).map((r) => ({ row: r, idx: registerCounts(table, r, false, exact) }));
      return {
        cohort: { id: first.id, name: first.name, department: first.department },
        members: table.count(members),
        subjects: cells.map(({ row, idx }) => {
          const subject = allSubjects.find((s) => s.id === row.subjectId);
          return { ...heatmapCell(table, subject ? subjectKey(subject) : `course:${row.subjectId}`, idx), title: subject?.title ?? '' };
        }),
        canListPeople: canListPeople(scope) || (first.department !== null && led.has(first.department.id)),
        disclosure: exact ? 'exact' : 'protected',
      };
    });
  }

  /** The people of a department subtree (the dashboard's filters apply), a page or, with `all`, every row. */
  async people(scope: StaffScope, departmentId: string, query: PeopleQuery, all = false): Promise<Page<ReportPerson>> {
    const listing = peopleScope(scope);
    if (!listing) throw new ForbiddenError('Viewers see aggregates only.');
    return this.reporting.read(async (m) => {
      const { filter, led } = await this.reporting.resolve(m, scope, { ...query, departmentId, figures: undefined });
      if (listing !== scope && !led.has(departmentId)) throw new ForbiddenError('Viewers see aggregates only; you see the people of the departments you lead.');
      return this.page(m, listing, { departments: filter }, query, all);
    });
  }

  /** A cohort's current members in the caller's scope, with what the cohort assigns them. */
  async cohortPeople(scope: StaffScope, cohortId: string, query: CohortPeopleQuery, all = false): Promise<Page<ReportPerson>> {
    const listing = peopleScope(scope);
    if (!listing) throw new ForbiddenError('Viewers see aggregates only.');
    return this.reporting.read(async (m) => {
      // A viewer who leads departments lists the people of their departments' cohorts, as a lead does.
      const { departments } = await this.reporting.resolve(m, listing, {});
      await this.visibleCohort(m, listing, departments, cohortId);
      return this.page(m, listing, { cohortId }, query, all);
    });
  }

  /** A cohort owned by a department in scope; a city-wide one for the city's readers. Anything else is 404. */
  private async visibleCohort(m: EntityManager, scope: StaffScope, departments: { id: string }[], id: string): Promise<void> {
    const owner = await this.repository.cohortOwner(m, id);
    const visible = owner === null ? scope.kind === 'city' : owner !== undefined && departments.some((d) => d.id === owner);
    if (!visible) throw new NotFoundError('No such cohort in your scope.', [{ field: 'id', message: 'not a cohort you can see' }]);
  }

  /** One page of a person-level list (default 50 a page), or every row with `all` (the CSV). */
  private async page(m: EntityManager, scope: StaffScope, of: PeopleOf, query: CohortPeopleQuery, all: boolean): Promise<Page<ReportPerson>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const found = await this.repository.people(m, scope, of, {
      status: query.status,
      search: query.search,
      limit: all ? undefined : pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: found.items, total: found.total, page, pageSize };
  }

  async disaggregation(scope: StaffScope, query: DisaggregationQuery, now = new Date()): Promise<Disaggregation> {
    if (!query.subject) throw new InvalidInputError('Choose a course or track.', [{ field: 'subject', message: 'required' }]);
    const resolved = await this.reporting.read((m) =>
      this.reporting.resolve(m, scope, { departmentId: query.departmentId, subject: query.subject, activeOnly: query.activeOnly, figures: query.figures }),
    );
    if (ReportingService.isPublished(resolved)) {
      const { rows, total, publication } = await this.published.breakdown(resolved, query.dimension);
      return { query, subject: toSubject(resolved.subjects[0]), rows, total, disclosure: resolved.disclosure.over(resolved.filter.departmentIds), publication };
    }
    return this.reporting.read(async (m) => {
      const { filter, subjects, disclosure } = await this.reporting.resolve(m, scope, {
        departmentId: query.departmentId,
        subject: query.subject,
        activeOnly: query.activeOnly,
        figures: query.figures,
      });
      let groups: GroupStates[];
      if (query.dimension === 'tenure_band') {
        // The city's year at `now` (on New Year's Eve evening in the city, UTC is already in the next one).
        const [{ year }]: { year: number }[] = await m.query(`SELECT extract(year FROM city_day($1::timestamptz))::int AS year`, [now]);
        groups = (await this.repository.byHireYear(m, filter)).map((r) => ({ group: tenureBand(r.hireYear, year), state: r.state, n: r.n }));
      } else {
        groups = (await this.repository.byAttribute(m, filter, query.dimension)).map((r) => ({ ...r, group: r.group === '' ? 'unknown' : r.group }));
      }
      const order = query.dimension === 'tenure_band' ? [...TENURE_BANDS] : [...new Set(groups.map((g) => g.group))].sort((a, b) => (a === 'unknown' ? 1 : b === 'unknown' ? -1 : a.localeCompare(b)));
      const totals = (list: GroupStates[]) => ({
        assigned: list.reduce((s, g) => s + g.n, 0),
        completed: list.filter((g) => g.state === 'completed').reduce((s, g) => s + g.n, 0),
        exempt: list.filter((g) => g.state === 'exempt').reduce((s, g) => s + g.n, 0),
      });
      const table = disclosure.table();
      const exact = disclosure.exactForAll(filter.departmentIds);
      const register = (t: { assigned: number; completed: number; exempt: number }) => {
        const idx = {
          assigned: table.cell(t.assigned, false, exact),
          completed: table.cell(t.completed, false, exact),
          exempt: table.cell(t.exempt, false, exact),
          rest: table.cell(t.assigned - t.completed - t.exempt, true, exact),
        };
        table.relate(idx.assigned, [idx.completed, idx.exempt, idx.rest]);
        return idx;
      };
      const rows = order.map((group) => ({ group, idx: register(totals(groups.filter((g) => g.group === group))) })).filter((r) => groups.some((g) => g.group === r.group));
      const total = register(totals(groups));
      for (const m2 of ['assigned', 'completed', 'exempt', 'rest'] as const) table.relate(total[m2], rows.map((r) => r.idx[m2]));
      const published = (group: string, idx: ReturnType<typeof register>): DisaggregationRow => {
        const assigned = table.count(idx.assigned);
        const completed = table.count(idx.completed);
        return { group, assigned, completed, percentCompleted: completedPercent(assigned, completed, table.count(idx.exempt)) };
      };
      return {
        query,
        subject: toSubject(subjects[0]),
        rows: rows.map((r) => published(r.group, r.idx)),
        total: published('total', total),
        disclosure: disclosure.over(filter.departmentIds),
        publication: null,
      };
    });
  }
}

/** One row per cohort: its members and its assignments summed over what it assigns, exact where the caller sees its department exactly. */
export function cohortCompletions(rows: CohortFigures[], disclosure: Disclosure): CohortCompletion[] {
  const byCohort = new Map<string, CohortFigures[]>();
  for (const r of rows) byCohort.set(r.id, [...(byCohort.get(r.id) ?? []), r]);
  const table = disclosure.table();
  const cohorts = [...byCohort.values()].map((list) => {
    const sum = (k: 'assigned' | 'completed' | 'exempt' | 'overdue') => list.reduce((s, r) => s + r[k], 0);
    const exact = disclosure.exactFor(list[0].department?.id);
    return {
      first: list[0],
      members: table.cell(list[0].members, false, exact),
      idx: registerCounts(table, { assigned: sum('assigned'), completed: sum('completed'), exempt: sum('exempt'), overdue: sum('overdue') }, false, exact),
    };
  });
  return cohorts.map(({ first, members, idx }) => {
    const { assigned, completed, overdue, percentCompleted } = publishedCounts(table, idx);
    return { id: first.id, name: first.name, department: first.department, members: table.count(members), assigned, completed, overdue, percentCompleted };
  });
}
