import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ReportFilterOptions } from '@equip/shared/contracts';
import type { ReportFilters } from '@equip/web/rase/data-access-reports';
import { formatDate } from '../presentation';

export interface Crumb {
  id: string;
  name: string;
}

/**
 * The departments above `id`, from the top down, as far as the caller's filter options list them
 * (a lead's list starts at the departments they lead, so the trail stops where they cannot go).
 */
export function departmentTrail(departments: ReportFilterOptions['departments'], id: string): Crumb[] {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const trail: Crumb[] = [];
  const seen = new Set<string>([id]);
  for (let up = byId.get(id)?.parentId; up && !seen.has(up); up = byId.get(up)?.parentId) {
    const department = byId.get(up);
    if (!department) break;
    seen.add(up);
    trail.unshift({ id: department.id, name: department.name });
  }
  return trail;
}

/** The dashboard filters in use, in words ("Course: Intro", "Job class: Trades", …), in the order the filter form shows them. */
export function activeFilters(filters: ReportFilters, options: ReportFilterOptions | null): string[] {
  const words: string[] = [];
  if (filters.subject) {
    const subject = options?.subjects.find((s) => s.key === filters.subject);
    const kind = filters.subject.startsWith('track:') ? 'Track' : 'Course';
    words.push(`${kind}: ${subject?.title ?? 'the one chosen on the dashboard'}`);
  }
  if (filters.jobClass) words.push(`Job class: ${filters.jobClass}`);
  if (filters.workLocation) words.push(`Work location: ${filters.workLocation}`);
  if (filters.from && filters.to) words.push(`Completions from ${formatDate(filters.from)} to ${formatDate(filters.to)}`);
  else if (filters.from) words.push(`Completions from ${formatDate(filters.from)}`);
  else if (filters.to) words.push(`Completions up to ${formatDate(filters.to)}`);
  if (filters.activeOnly) words.push('Active staff only');
  if (filters.published) words.push('Figures as published');
  return words;
}

/**
 * Where a report page sits: Dashboard › each department above it, by name › this page, every step
 * keeping the filters; and, under it, which filters are in use, in words, with a way to clear them.
 */
@Component({
  selector: 'equip-report-breadcrumbs',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="crumbs" aria-label="Breadcrumb">
      <ol>
        <li><a [routerLink]="root()" [queryParams]="linkQuery()">Dashboard</a></li>
        @for (crumb of trail(); track crumb.id) {
          <li><a [routerLink]="[departmentPath(), crumb.id]" [queryParams]="linkQuery()">{{ crumb.name }}</a></li>
        }
        <li><a [routerLink]="here()" [queryParams]="linkQuery()" aria-current="page">{{ current() }}</a></li>
      </ol>
    </nav>
    @if (filters().length) {
      <p class="crumbs__filters" data-testid="active-filters">
        <span class="crumbs__label">Filters in use: </span>
        @for (filter of filters(); track filter; let last = $last) {
          <span class="crumbs__filter">{{ filter }}</span>{{ last ? '' : ';' }}
        }
        <a [routerLink]="here()">Clear filters</a>
      </p>
    }
  `,
  styles: `
    .crumbs ol {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      list-style: none;
      margin: 0 0 1rem;
      padding: 0;
    }
    .crumbs li + li::before {
      content: '›';
      margin-inline-end: 0.5rem;
    }
    .crumbs__filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.5rem;
      align-items: baseline;
      margin: -0.5rem 0 1rem;
      font: var(--mat-sys-body-medium);
    }
    .crumbs__label {
      font-weight: 600;
    }
  `,
})
export class ReportBreadcrumbs {
  readonly root = input.required<string>();
  readonly departmentPath = input.required<string>();
  readonly linkQuery = input<Record<string, string | null>>({});
  /** The departments above this page's, from the top down. */
  readonly trail = input<readonly Crumb[]>([]);
  /** This page's name and link. */
  readonly current = input.required<string>();
  readonly here = input.required<string | readonly string[]>();
  readonly filters = input<readonly string[]>([]);
}
