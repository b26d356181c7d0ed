import { ChangeDetectionStrategy, Component, DOCUMENT, computed, inject, input, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { HeatmapRow, ReportSubject } from '@equip/shared/contracts';
import { heatLegend, heatStep } from '../charts/heat-scale';
import { type TableData, downloadCsv } from '../charts/table-data';
import { cellCounts, cellText, hiddenReason } from '../presentation';

interface VisibleRow {
  row: HeatmapRow;
  label: string;
  /** The indent of its name: the depth in the tree, or none when the rows are sorted. */
  indent: string;
  /** `reason`: why the cell's figure is hidden, when it is. */
  cells: { text: string; counts: string; background: string | null; color: string | null; reason: string | null }[];
}


/** Column titles longer than this may not fit the header's two lines: they are clamped, and whole on hover and keyboard focus. */
export const LONG_TITLE = 40;

/** How the rows are ordered: the department tree, or by the api's percentage in one column. */
export type HeatmapOrder = 'tree' | 'lowest' | 'highest';

/** The shares a reader can ask for in "show only departments below". */
export const BELOW_CHOICES = [10, 25, 50, 75, 90, 100] as const;

/**
 * Orders and filters rows by the percentage the api answered in one column. A cell without one
 * (hidden, not assigned, nothing due) is never inferred: it sorts last either way and never counts
 * as below a share.
 */
export function orderRows<T extends { row: HeatmapRow }>(rows: readonly T[], subject: string, order: HeatmapOrder, below: number | null): T[] {
  const percent = (r: T) => r.row.cells.find((c) => c.subject === subject)?.percentCompleted ?? null;
  const kept = below === null ? [...rows] : rows.filter((r) => {
    const p = percent(r);
    return p !== null && p < below;
  });
  if (order === 'tree') return kept;
  const sign = order === 'lowest' ? 1 : -1;
  return kept
    .map((r, index) => ({ r, index, p: percent(r) }))
    .sort((a, b) => (a.p === null ? (b.p === null ? a.index - b.index : 1) : b.p === null ? -1 : sign * (a.p - b.p) || a.index - b.index))
    .map((x) => x.r);
}

/**
 * Completion by department (rows, in the department tree, collapsible) against course or track
 * (columns). It is itself a table: each cell prints its percentage — the colour only repeats it —
 * and, on demand, its counts; a hidden figure says why (a tooltip that keyboard focus opens too,
 * and text for screen readers). "Export CSV" writes the rows and cell texts on screen, or, when
 * `exportRows` is given (exact figures on screen), the same rows and cells as published.
 *
 * The department names and the column headers stay in view while the table scrolls (its own
 * region, keyboard-scrollable); long course titles are clamped to two lines, whole on hover and focus.
 * Rows can be ordered by completion in one column and narrowed to those below a chosen share,
 * using the percentages the api answered only. On a phone the same rows read as a list per
 * department.
 */
@Component({
  selector: 'equip-completion-heatmap',
  imports: [RouterLink, MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './completion-heatmap.html',
  styleUrl: './completion-heatmap.css',
})
export class CompletionHeatmap {
  readonly rows = input.required<readonly HeatmapRow[]>();
  readonly subjects = input.required<readonly ReportSubject[]>();
  readonly caption = input.required<string>();
  /** Where a department's drill-down lives: `${departmentPath}/${id}`; null shows names only. */
  readonly departmentPath = input<string | null>(null);
  /** Query parameters (the filters) carried into the drill-down. */
  readonly linkQuery = input<Record<string, string | null>>({});
  /** Rows deeper than this start collapsed under their parents. */
  readonly openDepth = input(0);
  /** The same rows as published: what "Export CSV" writes when the screen shows exact figures. */
  readonly exportRows = input<readonly HeatmapRow[] | null>(null);

  private readonly document = inject(DOCUMENT);
  private static nextId = 0;
  protected readonly id = `heatmap-${CompletionHeatmap.nextId++}`;
  /** The column the order and the "below" filter read; the first column until one is chosen. */
  protected readonly chosenSubject = signal<string>('');
  protected readonly subject = computed(() => {
    const keys = this.subjects().map((s) => s.key as string);
    return keys.includes(this.chosenSubject()) ? this.chosenSubject() : (keys[0] ?? '');
  });
  protected readonly subjectTitle = computed(() => this.subjects().find((s) => s.key === this.subject())?.title ?? '');
  protected readonly order = signal<HeatmapOrder>('tree');
  protected readonly below = signal<number | null>(null);
  protected readonly belowChoices = BELOW_CHOICES;
  /** Whether the rows are the department tree (not ordered by completion, not narrowed). */
  protected readonly treeShown = computed(() => this.order() === 'tree' && this.below() === null);
  protected readonly headers = computed(() => this.subjects().map((s) => ({ subject: s, long: s.title.length > LONG_TITLE })));
  protected readonly legend = heatLegend();
  protected readonly showCounts = signal(false);
  /** Rows whose children are shown or hidden against the default. */
  private readonly toggled = signal<ReadonlySet<string>>(new Set());

  private readonly top = computed(() => Math.min(...this.rows().map((r) => r.department.depth)));

  protected isOpen(row: HeatmapRow): boolean {
    const byDefault = row.department.depth - this.top() < this.openDepth();
    return this.toggled().has(row.department.id) ? !byDefault : byDefault;
  }

  protected readonly visible = computed<VisibleRow[]>(() => this.visibleOf(this.rows()));

  /** What the order and the filter say, for the caption's readers and the empty state. */
  protected readonly narrowing = computed(() => {
    const parts: string[] = [];
    if (this.below() !== null) parts.push(`only departments below ${this.below()}% in ${this.subjectTitle()}`);
    if (this.order() !== 'tree') parts.push(`${this.order() === 'lowest' ? 'lowest' : 'highest'} completion in ${this.subjectTitle()} first`);
    return parts.join('; ');
  });

  protected setOrder(value: string): void {
    this.order.set(value === 'lowest' || value === 'highest' ? value : 'tree');
  }

  protected setBelow(value: string): void {
    const share = Number(value);
    this.below.set(value && (BELOW_CHOICES as readonly number[]).includes(share) ? share : null);
  }

  private visibleOf(rows: readonly HeatmapRow[]): VisibleRow[] {
    const byId = new Map(rows.map((r) => [r.department.id, r]));
    const shown = (row: HeatmapRow): boolean => {
      const parent = row.department.parentId ? byId.get(row.department.parentId) : undefined;
      return !parent || (this.isOpen(parent) && shown(parent));
    };
    const order = this.subjects().map((s) => s.key);
    const flat = this.order() !== 'tree';
    // Sorted or narrowed, every department is a candidate, whatever is collapsed.
    const candidates = flat || this.below() !== null ? [...rows] : rows.filter(shown);
    return orderRows(candidates.map((row) => ({ row })), this.subject(), this.order(), this.below()).map(({ row }) => ({
      row,
      label: `${row.department.name} (${row.department.code})`,
      indent: flat ? '0' : this.indent(row),
      cells: order.map((key) => {
        const cell = row.cells.find((c) => c.subject === key);
        if (!cell) return { text: 'not assigned', counts: '', background: null, color: null, reason: null };
        const step = cell.percentCompleted === null ? null : heatStep(cell.percentCompleted);
        const text = cellText(cell);
        return { text, counts: cellCounts(cell), background: step?.background ?? null, color: step?.text ?? null, reason: hiddenReason(text) };
      }),
    }));
  }

  /** The table as shown (or as published, with `exportRows`): visible rows, and each cell's text including its counts when they are shown. */
  protected readonly table = computed<TableData>(() => {
    const published = this.exportRows();
    return {
      caption: this.caption(),
      columns: ['Department', ...this.subjects().map((s) => `${s.title} (${s.kind})`)],
      rows: (published ? this.visibleOf(published) : this.visible()).map((v) => ({
        header: v.label,
        cells: v.cells.map((c) => (this.showCounts() && c.counts ? `${c.text} (${c.counts})` : c.text)),
      })),
    };
  });

  private indent(row: HeatmapRow): string {
    return `${(row.department.depth - this.top()) * 1.25}rem`;
  }

  protected toggle(row: HeatmapRow): void {
    this.toggled.update((set) => {
      const next = new Set(set);
      if (!next.delete(row.department.id)) next.add(row.department.id);
      return next;
    });
  }

  protected expandAll(): void {
    this.toggled.set(new Set(this.rows().filter((r) => r.department.hasChildren && !this.defaultOpen(r)).map((r) => r.department.id)));
  }

  protected collapseAll(): void {
    this.toggled.set(new Set(this.rows().filter((r) => r.department.hasChildren && this.defaultOpen(r)).map((r) => r.department.id)));
  }

  private defaultOpen(row: HeatmapRow): boolean {
    return row.department.depth - this.top() < this.openDepth();
  }

  protected exportCsv(): void {
    downloadCsv(this.document, this.table());
  }
}
