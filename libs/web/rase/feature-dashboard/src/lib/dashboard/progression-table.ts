import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ProgressionOverview } from '@equip/shared/contracts';
import { ChartFigure } from '../charts/chart-figure';
import type { TableData } from '../charts/table-data';
import { missingText, stageName } from '../presentation';

/** Each department's stage on the equity progression and what it needs for the next, with CSV. */
@Component({
  selector: 'equip-progression-table',
  imports: [RouterLink, ChartFigure],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="stages" aria-label="Stages, in order">
      @for (stage of progression().stages; track stage.stage) {
        <li><strong>{{ stage.name }}</strong>: {{ stage.description }}</li>
      }
    </ol>
    <equip-chart-figure [table]="table()">
      <ul class="stages__list">
        @for (d of progression().departments; track d.department.id) {
          <li>
            @if (departmentPath(); as path) {
              <a [routerLink]="[path, d.department.id]">{{ d.department.name }}</a>
            } @else {
              {{ d.department.name }}
            }
            : <strong>{{ stage(d.stage) }}</strong>
          </li>
        }
      </ul>
    </equip-chart-figure>
  `,
  styles: `
    .stages {
      margin: 0 0 1rem;
      padding-inline-start: 1.25rem;
      max-width: 65ch;
    }
    .stages__list {
      columns: 18rem auto;
      margin: 0 0 1rem;
      padding-inline-start: 1.25rem;
    }
  `,
})
export class ProgressionTable {
  readonly progression = input.required<ProgressionOverview>();
  readonly departmentPath = input<string | null>(null);

  protected stage(stage: Parameters<typeof stageName>[0]): string {
    return stageName(stage, this.progression().stages);
  }

  protected readonly table = computed<TableData>(() => {
    const p = this.progression();
    return {
      caption: 'Equity progression by department',
      columns: ['Department', 'Stage', 'Next stage', 'What the next stage needs'],
      rows: p.departments.map((d) => ({
        header: `${d.department.name} (${d.department.code})`,
        cells: [
          stageName(d.stage, p.stages),
          d.next ? stageName(d.next.stage, p.stages) : 'None: the last stage',
          d.next ? d.next.missing.map((m) => missingText(m, p.indicators)).join('; ') || 'Nothing' : '',
        ],
      })),
    };
  });
}
