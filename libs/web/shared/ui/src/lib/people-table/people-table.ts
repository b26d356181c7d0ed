import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { StaffSummary } from '@equip/shared/contracts';
import { accountStatusLabel } from '../account-status/account-status';

/**
 * A page of staff as a table: one row per person, their name the row header. With `linked`, each
 * name links to the person's page (a path relative to the page showing the table: `./<id>`).
 */
@Component({
  selector: 'equip-people-table',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="equip-table-scroll">
      <table class="equip-table" [attr.aria-busy]="busy()">
        <caption>
          {{ caption() }}
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Employee ID</th>
            <th scope="col">Department</th>
            <th scope="col">Job title</th>
            <th scope="col">Status</th>
            <th scope="col">Sign-in</th>
          </tr>
        </thead>
        <tbody>
          @for (person of people(); track person.id) {
            <tr>
              <th scope="row">
                @if (linked()) {
                  <a [routerLink]="[person.id]">{{ person.lastName }}, {{ person.firstName }}</a>
                } @else {
                  {{ person.lastName }}, {{ person.firstName }}
                }
              </th>
              <td>{{ person.employeeId }}</td>
              <td>
                {{ person.department.name }} <span class="equip-code">({{ person.department.code }})</span>
              </td>
              <td>
                @if (person.jobTitle) {
                  {{ person.jobTitle }}
                } @else {
                  <span aria-hidden="true">—</span><span class="equip-visually-hidden">Not recorded</span>
                }
              </td>
              <td>{{ person.active ? 'Active' : 'Inactive' }}</td>
              <td>{{ accountLabel(person.account) }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class PeopleTable {
  readonly people = input.required<readonly StaffSummary[]>();
  readonly caption = input.required<string>();
  readonly linked = input(false);
  readonly busy = input(false);
  protected readonly accountLabel = accountStatusLabel;
}
