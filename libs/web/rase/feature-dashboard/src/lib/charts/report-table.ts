import { ChangeDetectionStrategy, Component, DOCUMENT, inject, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { type TableData, downloadCsv } from './table-data';

/** A table of figures with "Export CSV" of exactly its rows; a row header may link to its drill-down. */
@Component({
  selector: 'equip-report-table',
  imports: [RouterLink, MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="equip-table-scroll">
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
              <th scope="row">
                @if (row.link) {
                  <a [routerLink]="row.link" [queryParams]="linkQuery()">{{ row.header }}</a>
                } @else {
                  {{ row.header }}
                }
              </th>
              @for (cell of row.cells; track $index) {
                <td>
                  @if (row.external?.includes($index) && cell) {
                    <a [href]="cell" rel="noopener noreferrer" target="_blank">{{ cell }}<span class="equip-visually-hidden"> (opens in a new tab)</span></a>
                  } @else {
                    {{ cell }}
                  }
                </td>
              }
            </tr>
          }
        </tbody>
      </table>
    </div>
    <div class="equip-actions report-table__actions">
      <button matButton="outlined" type="button" (click)="exportCsv()">Export CSV<span class="equip-visually-hidden">: {{ table().caption }}</span></button>
    </div>
  `,
  styles: `
    @media print {
      .report-table__actions {
        display: none;
      }
    }
  `,
})
export class ReportTable {
  readonly table = input.required<TableData>();
  readonly linkQuery = input<Record<string, string | null>>({});

  private readonly document = inject(DOCUMENT);

  protected exportCsv(): void {
    downloadCsv(this.document, this.table());
  }
}
