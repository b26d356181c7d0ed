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
 * by that department.
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
              <code>{{ node.code }}</code> · {{ kindLabel(node.kind) }}@if (node.activeStaff !== null) { · {{ node.activeStaff }} active staff }
            </span>
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
