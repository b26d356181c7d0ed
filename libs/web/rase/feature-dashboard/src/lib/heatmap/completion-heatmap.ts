import { ChangeDetectionStrategy, Component, DOCUMENT, computed, inject, input, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { HeatmapRow, ReportSubject } from '@equip/shared/contracts';
import { heatLegend, heatStep } from '../charts/heat-scale';
import { type TableData, downloadCsv } from '../charts/table-data';
import { cellCounts, cellText } from '../presentation';

interface VisibleRow {
  row: HeatmapRow;
  label: string;
  cells: { text: string; counts: string; background: string | null; color: string | null }[];
}

/**
 * Completion by department (rows, in the department tree, collapsible) against course or track
 * (columns). It is itself a table: each cell prints its percentage — the colour only repeats it —
 * and, on demand, its counts. "Export CSV" writes exactly the rows and cell texts on screen.
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

  protected readonly visible = computed<VisibleRow[]>(() => {
    const rows = this.rows();
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
        if (!cell) return { text: 'not assigned', counts: '', background: null, color: null };
        const step = cell.percentCompleted === null ? null : heatStep(cell.percentCompleted);
        return { text: cellText(cell), counts: cellCounts(cell), background: step?.background ?? null, color: step?.text ?? null };
      }),
    }));
  });

  /** The table as shown: visible rows, and each cell's text including its counts when they are shown. */
  protected readonly table = computed<TableData>(() => ({
    caption: this.caption(),
    columns: ['Department', ...this.subjects().map((s) => `${s.title} (${s.kind})`)],
    rows: this.visible().map((v) => ({
      header: v.label,
      cells: v.cells.map((c) => (this.showCounts() && c.counts ? `${c.text} (${c.counts})` : c.text)),
    })),
  }));

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
