import { ChangeDetectionStrategy, Component, DOCUMENT, inject, input, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { type TableData, downloadCsv } from './table-data';

let nextId = 0;

/**
 * Frames one chart: the drawing (projected), then its table alternative — shown on demand, read
 * by screen readers from the same data — and "Export CSV" of exactly that table. The drawing is
 * `aria-hidden` by its own component; the table is the accessible form of the chart. With
 * `exportTable` (exact figures on screen) the file holds the published table instead.
 */
@Component({
  selector: 'equip-chart-figure',
  imports: [MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="figure">
      <figcaption class="figure__caption">{{ table().caption }}</figcaption>
      <ng-content />
      <div class="equip-actions figure__actions">
        <button matButton="outlined" type="button" [attr.aria-expanded]="open()" [attr.aria-controls]="tableId" (click)="open.set(!open())">
          {{ open() ? 'Hide table' : 'Show table' }}<span class="equip-visually-hidden">: {{ table().caption }}</span>
        </button>
        <button matButton="outlined" type="button" (click)="exportCsv()">
          Export CSV{{ exportTable() ? ' (published figures)' : '' }}<span class="equip-visually-hidden">: {{ table().caption }}</span>
        </button>
      </div>
      <div class="equip-table-scroll" [id]="tableId" [hidden]="!open()">
        <table class="equip-table">
          <caption>{{ table().caption }}</caption>
          <thead>
            <tr>
              @for (column of table().columns; track $index) {
                <th scope="col">{{ column }}</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (row of table().rows; track $index) {
              <tr>
                <th scope="row">{{ row.header }}</th>
                @for (cell of row.cells; track $index) {
                  <td>{{ cell }}</td>
                }
              </tr>
            }
          </tbody>
        </table>
      </div>
    </figure>
  `,
  styles: `
    .figure {
      margin: 0 0 2rem;
    }
    .figure__caption {
      font: var(--mat-sys-title-medium);
      margin-block-end: 0.5rem;
    }
    @media print {
      .figure__actions {
        display: none;
      }
      .figure {
        break-inside: avoid;
      }
    }
  `,
})
export class ChartFigure {
  readonly table = input.required<TableData>();
  /** The same table as published: what "Export CSV" writes when the screen shows exact figures. */
  readonly exportTable = input<TableData | null>(null);

  private readonly document = inject(DOCUMENT);
  protected readonly tableId = `chart-table-${++nextId}`;
  protected readonly open = signal(false);

  protected exportCsv(): void {
    downloadCsv(this.document, this.exportTable() ?? this.table());
  }
}
