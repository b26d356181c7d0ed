import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { DepartmentKind, DepartmentNode } from '@equip/shared/contracts';

export interface DepartmentTreeNode extends DepartmentNode {
  children: DepartmentTreeNode[];
}

const KIND_LABELS: Record<DepartmentKind, [one: string, many: string]> = {
  department: ['department', 'departments'],
  division: ['division', 'divisions'],
  section: ['section', 'sections'],
};

/**
 * Builds the tree from the api's flattened list (parents before children). A department whose
 * parent is not listed (outside the caller's scope) is a root.
 */
export function buildDepartmentTree(departments: readonly DepartmentNode[]): DepartmentTreeNode[] {
  const nodes = new Map(departments.map((d) => [d.id, { ...d, children: [] as DepartmentTreeNode[] }]));
  const roots: DepartmentTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/**
 * The department tree as nested lists. Each department with units under it has a button that shows
 * or hides them (`aria-expanded`, and the list it controls); it is named after the department and
 * says how many units are under it. With `peopleLink`, each name links to the people list filtered
 * by that department. Staff counts say which is the unit's own and which includes the units under
 * it; when the api names leads (administrators only), each unit says who leads it, or that nobody
 * does, here or above.
 */
@Component({
  selector: 'equip-department-tree',
  imports: [NgTemplateOutlet, RouterLink, MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="equip-actions">
      <button matButton="outlined" type="button" (click)="expandAll()">Expand all</button>
      <button matButton="outlined" type="button" (click)="collapseAll()">Collapse all</button>
    </div>
    <ul class="tree" aria-label="Departments">
      <ng-container *ngTemplateOutlet="level; context: { $implicit: roots() }" />
    </ul>

    <ng-template #level let-nodes>
      @for (node of nodes; track node.id) {
        <li class="tree__item">
          <div class="tree__row">
            <span class="tree__name">
              @if (peopleLink(); as path) {
                <a [routerLink]="path" [queryParams]="{ departmentId: node.id }"
                  >{{ node.name }}<span class="equip-visually-hidden">, show people</span></a
                >
              } @else {
                {{ node.name }}
              }
            </span>
            <span class="tree__meta">
              <code>{{ node.code }}</code> · {{ kindLabel(node.kind) }}@if (staffText(node); as staff) { · {{ staff }} }
            </span>
            @if (node.leads; as leads) {
              <span class="tree__leads" [class.tree__leads--none]="!leads.length && !ledAbove(node)">
                @if (leads.length) {
                  Led by
                  @for (lead of leads; track lead.staffId; let last = $last) {
                    @if (personLink(); as path) {
                      <a [routerLink]="[path, lead.staffId]">{{ lead.name }}</a>
                    } @else {
                      {{ lead.name }}
                    }{{ last ? '' : ', ' }}
                  }
                } @else if (ledAbove(node); as above) {
                  No lead of its own; led through {{ above }}
                } @else {
                  <strong>No equity lead</strong>
                }
              </span>
            }
            @if (node.children.length) {
              <button
                type="button"
                class="tree__toggle"
                [attr.aria-expanded]="expanded().has(node.id)"
                [attr.aria-controls]="'department-children-' + node.id"
                (click)="toggle(node.id)"
              >
                <span class="tree__chevron" aria-hidden="true">{{ expanded().has(node.id) ? '▾' : '▸' }}</span>
                <span class="equip-visually-hidden">{{ node.name }}: </span>{{ childSummary(node) }}
              </button>
            }
          </div>
          @if (node.children.length) {
            <ul class="tree" [id]="'department-children-' + node.id" [hidden]="!expanded().has(node.id)">
              <ng-container *ngTemplateOutlet="level; context: { $implicit: node.children }" />
            </ul>
          }
        </li>
      }
    </ng-template>
  `,
  styles: `
    .tree {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .tree .tree {
      padding-inline-start: 1.5rem;
      border-inline-start: 1px solid var(--mat-sys-outline-variant);
      margin-inline-start: 0.5rem;
    }
    .tree__row {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 0.75rem;
      padding-block: 0.375rem;
    }
    .tree__name {
      font-weight: 600;
    }
    .tree__meta {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
    .tree__leads {
      flex-basis: 100%;
      font: var(--mat-sys-body-medium);
    }
    .tree__leads--none {
      color: var(--mat-sys-error);
    }
    .tree__toggle {
      display: inline-flex;
      gap: 0.25rem;
      align-items: baseline;
      min-height: 24px;
      padding: 0.125rem 0.5rem;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 4px;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-primary);
      font: var(--mat-sys-label-large);
      cursor: pointer;
    }
  `,
})
export class DepartmentTree {
  readonly departments = input.required<readonly DepartmentNode[]>();
  /** The people list's path, e.g. `/rase/people`; null shows names without links. */
  readonly peopleLink = input<string | null>(null);
  /** Where one person's page lives (`${personLink}/${staffId}`), for the leads' names; null shows names only. */
  readonly personLink = input<string | null>(null);

  private readonly byId = computed(() => new Map(this.departments().map((d) => [d.id, d])));

  /**
   * "20 active staff", or for a unit with units under it "20 active staff here, 130 with the units
   * under it", so a department whose people sit in its divisions does not read as a small one.
   */
  protected staffText(node: DepartmentTreeNode): string | null {
    if (node.activeStaff === null) return null;
    if (!node.children.length || node.activeStaffWithUnits === null) return `${node.activeStaff} active staff`;
    return `${node.activeStaff} active staff here, ${node.activeStaffWithUnits} with the units under it`;
  }

  /** The nearest unit above with a lead of its own (a lead's scope covers the units under theirs). */
  protected ledAbove(node: DepartmentTreeNode): string | null {
    for (let up = node.parentId ? this.byId().get(node.parentId) : undefined; up; up = up.parentId ? this.byId().get(up.parentId) : undefined) {
      if (up.leads?.length) return up.name;
    }
    return null;
  }

  protected readonly roots = computed(() => buildDepartmentTree(this.departments()));
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());

  protected toggle(id: string): void {
    this.expanded.update((open) => {
      const next = new Set(open);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  protected expandAll(): void {
    this.expanded.set(new Set(this.departments().map((d) => d.id)));
  }

  protected collapseAll(): void {
    this.expanded.set(new Set());
  }

  protected kindLabel(kind: DepartmentKind): string {
    return KIND_LABELS[kind][0];
  }

  /** "5 divisions", "2 divisions, 3 sections". */
  protected childSummary(node: DepartmentTreeNode): string {
    const counts = new Map<DepartmentKind, number>();
    for (const child of node.children) counts.set(child.kind, (counts.get(child.kind) ?? 0) + 1);
    return [...counts].map(([kind, n]) => `${n} ${KIND_LABELS[kind][n === 1 ? 0 : 1]}`).join(', ');
  }
}
