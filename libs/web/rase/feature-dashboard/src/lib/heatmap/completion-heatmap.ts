import { ChangeDetectionStrategy, Component, DOCUMENT, computed, inject, input, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { SUPPRESSION_REASONS, type HeatmapRow, type ReportSubject } from '@equip/shared/contracts';
import { heatLegend, heatStep } from '../charts/heat-scale';
import { type TableData, downloadCsv } from '../charts/table-data';
import { cellCounts, cellText } from '../presentation';

interface VisibleRow {
  row: HeatmapRow;
  label: string;
  /** `reason`: why the cell's figure is hidden, when it is. */
  cells: { text: string; counts: string; background: string | null; color: string | null; reason: string | null }[];
}

/** Why a cell reads "fewer than 5" or "suppressed" (from the api's own mark), for its tooltip and screen readers. */
function hiddenReason(text: string): string | null {
  if (text === 'fewer than 5') return SUPPRESSION_REASONS.fewer_than_5;
  if (text === 'suppressed') return SUPPRESSION_REASONS.complementary;
  return null;
}

/**
 * Completion by department (rows, in the department tree, collapsible) against course or track
 * (columns). It is itself a table: each cell prints its percentage — the colour only repeats it —
 * and, on demand, its counts; a hidden figure says why (a tooltip that keyboard focus opens too,
 * and text for screen readers). "Export CSV" writes the rows and cell texts on screen, or, when
 * `exportRows` is given (exact figures on screen), the same rows and cells as published.
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

  private visibleOf(rows: readonly HeatmapRow[]): VisibleRow[] {
    const byId = new Map(rows.map((r) => [r.department.id, r]));
    const shown = (row: HeatmapRow): boolean => {
      const parent = row.department.parentId ? byId.get(row.department.parentId) : undefined;
      return !parent || (this.isOpen(parent) && shown(parent));
    };
    const order = this.subjects().map((s) => s.key);
    return rows.filter(shown).map((row) => ({
      row,
      label: `${row.department.name} (${row.department.code})`,
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

  protected indent(row: HeatmapRow): string {
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
