import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { StaffDetail } from '@equip/shared/contracts';

/**
 * What the roster says about one staff member, as a description list. With `linkManager`, the
 * manager's name links to their page (a sibling path: `../<managerId>`).
 */
@Component({
  selector: 'equip-person-details',
  imports: [DatePipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let p = person();
    <dl class="equip-details">
      <div>
        <dt>Employee ID</dt>
        <dd>{{ p.employeeId }}</dd>
      </div>
      <div>
        <dt>Email</dt>
        <dd>
          <a [href]="'mailto:' + p.email">{{ p.email }}</a>
        </dd>
      </div>
      <div>
        <dt>Department</dt>
        <dd>
          {{ p.department.name }} <span class="equip-code">({{ p.department.code }})</span>
        </dd>
      </div>
      <div>
        <dt>Job title</dt>
        <dd>{{ p.jobTitle ?? 'Not recorded' }}</dd>
      </div>
      <div>
        <dt>Job class</dt>
        <dd>{{ p.jobClass ?? 'Not recorded' }}</dd>
      </div>
      <div>
        <dt>Work location</dt>
        <dd>{{ p.workLocation ?? 'Not recorded' }}</dd>
      </div>
      <div>
        <dt>Hire date</dt>
        <dd>
          @if (p.hireDate) {
            <time [attr.datetime]="p.hireDate">{{ p.hireDate | date: 'longDate' : 'UTC' }}</time>
          } @else {
            Not recorded
          }
        </dd>
      </div>
      <div>
        <dt>Manager</dt>
        <dd>
          @if (p.manager; as manager) {
            @if (linkManager()) {
              <a [routerLink]="['..', manager.id]">{{ manager.firstName }} {{ manager.lastName }}</a>
            } @else {
              {{ manager.firstName }} {{ manager.lastName }}
            }
          } @else {
            None on the roster
          }
        </dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>{{ p.active ? 'Active' : 'Inactive' }}</dd>
      </div>
    </dl>
  `,
})
export class PersonDetails {
  readonly person = input.required<StaffDetail>();
  readonly linkManager = input(false);
}
