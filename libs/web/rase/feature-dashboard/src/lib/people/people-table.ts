import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { type Page, REPORT_PERSON_STATUSES, type ReportPerson } from '@equip/shared/contracts';
import { Pagination } from '@equip/web/shared/ui';
import { formatDate } from '../presentation';

export type PersonStatus = (typeof REPORT_PERSON_STATUSES)[number];

export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = {
  overdue: 'Overdue',
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  exempt: 'Exempt',
};

/** A page of a person-level report (a department's people, a cohort's members): each person with their assignments, and the pages. */
@Component({
  selector: 'equip-people-table',
  imports: [Pagination, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (page().items.length) {
      <div class="equip-table-scroll">
        <table class="equip-table people-table" [attr.aria-busy]="busy()">
          <caption>{{ noun() }}, page {{ page().page }} of {{ pages() }}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Department</th>
              <th scope="col">Job class</th>
              <th scope="col">Work location</th>
              <th scope="col">Assignments</th>
            </tr>
          </thead>
          <tbody>
            @for (person of page().items; track person.id) {
              <tr>
                <th scope="row">
                  <a [routerLink]="[personBase, person.id]">{{ person.lastName }}, {{ person.firstName }}</a>{{ " " }}<span class="equip-code">{{ person.employeeId }}</span>
                  @if (!person.active) {
                    <span class="equip-code">(has left)</span>
                  }
                </th>
                <td>{{ person.department.name }}</td>
                <td>{{ person.jobClass ?? 'Not recorded' }}</td>
                <td>{{ person.workLocation ?? 'Not recorded' }}</td>
                <td>
                  <ul class="equip-list">
                    @for (a of person.assignments; track a.subject) {
                      <li>
                        {{ a.title }}: <strong>{{ statusLabels[a.status] }}</strong>
                        @if (a.completedAt) {
                          ({{ formatDate(a.completedAt) }})
                        } @else if (a.dueOn) {
                          (due {{ formatDate(a.dueOn) }})
                        }
                      </li>
                    } @empty {
                      <li>Nothing assigned</li>
                    }
                  </ul>
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      <equip-pagination [label]="'Pages of ' + noun().toLowerCase()" [page]="page().page" [pageSize]="page().pageSize" [total]="page().total" (pageChange)="pageChange.emit($event)" />
    }
  `,
})
export class PeopleTable {
  /** The person pages of the area showing the dashboard (it serves RASE administrators and equity leads). */
  protected readonly personBase = inject(Router).url.startsWith('/lead') ? '/lead/people' : '/rase/people';
  readonly page = input.required<Page<ReportPerson>>();
  /** What the rows are, capitalised: "People", "Members". */
  readonly noun = input.required<string>();
  readonly busy = input(false);
  readonly pageChange = output<number>();

  protected readonly statusLabels = PERSON_STATUS_LABELS;
  protected readonly formatDate = formatDate;

  protected pages(): number {
    return Math.max(1, Math.ceil(this.page().total / this.page().pageSize));
  }
}
