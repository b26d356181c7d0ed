import { Injectable, computed, inject } from '@angular/core';
import type { DepartmentNode, HeatmapCell } from '@equip/shared/contracts';
import { ReportsApi } from '@equip/web/rase/data-access-reports';
import { OrganisationApi, latestRequest } from '@equip/web/shared/data-access';
import { FailedJobsApi } from './failed-jobs-api';
import { RosterApi } from './roster-api';

/** How many rows each panel of the home shows; the page each links to holds the rest. */
export const RASE_HOME_ROWS = 5;

/** A top-level department and its whole subtree's completion of the foundations track. */
export interface DepartmentCompletion {
  department: { id: string; name: string };
  cell: HeatmapCell;
}

/**
 * The RASE area's home: the city-wide figures (the dashboard's own answer, exact or protected as
 * the api decides), and for administrators the departments' leads, the latest roster imports and
 * the failed background jobs.
 * Provide it on the page.
 */
@Injectable()
export class RaseHomeStore {
  private readonly organisation = inject(OrganisationApi);
  private readonly reports = inject(ReportsApi);
  private readonly roster = inject(RosterApi);
  private readonly jobs = inject(FailedJobsApi);

  readonly dashboard = latestRequest((_: void) => this.reports.dashboard({}));
  readonly departments = latestRequest((_: void) => this.organisation.departments());
  readonly imports = latestRequest((_: void) => this.roster.imports(1, RASE_HOME_ROWS));
  readonly failedJobs = latestRequest((_: void) => this.jobs.summary());

  /**
   * Departments nobody leads: no active equity lead granted on the department or on any
   * department above it (a lead's grant covers everything under it). Undefined until loaded.
   */
  readonly withoutLead = computed(() => {
    const departments = this.departments.value();
    return departments ? departmentsWithoutLead(departments) : undefined;
  });

  /** The top-level departments with the lowest completion of the foundations track, lowest first. */
  readonly lowestCompletion = computed(() => {
    const dashboard = this.dashboard.value();
    if (!dashboard) return undefined;
    const key = dashboard.overview.foundationsTrack.key;
    const rows: DepartmentCompletion[] = [];
    for (const row of dashboard.heatmap) {
      const cell = row.cells.find((c) => c.subject === key);
      if (row.department.depth === 0 && cell && cell.percentCompleted !== null) {
        rows.push({ department: { id: row.department.id, name: row.department.name }, cell });
      }
    }
    return rows
      .sort((a, b) => (a.cell.percentCompleted ?? 0) - (b.cell.percentCompleted ?? 0) || a.department.name.localeCompare(b.department.name))
      .slice(0, RASE_HOME_ROWS);
  });

  /** Everything an administrator's home shows. */
  loadForAdministrator(): void {
    this.dashboard.load();
    this.departments.load();
    this.imports.load();
    this.failedJobs.load();
  }

  /** A viewer's home: the city summary only. */
  loadForViewer(): void {
    this.dashboard.load();
  }
}

/** Departments (parents before children, as the api lists them) with no lead on them or above them. */
export function departmentsWithoutLead(departments: readonly DepartmentNode[]): DepartmentNode[] {
  const led = new Set<string>();
  const result: DepartmentNode[] = [];
  for (const department of departments) {
    if ((department.leads?.length ?? 0) > 0 || (department.parentId !== null && led.has(department.parentId))) {
      led.add(department.id);
    } else {
      result.push(department);
    }
  }
  return result;
}
