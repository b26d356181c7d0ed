import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { ROLE_LABELS, type RoleGrantView } from '@equip/shared/contracts';

/** "Equity lead for Transportation and Environmental Services (TES)", "RASE administrator (city-wide)". */
export function grantLabel(grant: Pick<RoleGrantView, 'role' | 'department'>): string {
  const role = ROLE_LABELS[grant.role];
  return grant.department ? `${role} for ${grant.department.name} (${grant.department.code})` : `${role} (city-wide)`;
}

/**
 * The roles granted to a person, as a table. With `canRevoke`, each row has a Revoke button whose
 * accessible name says which grant it revokes; the page confirms and calls the api.
 */
@Component({
  selector: 'equip-role-grant-list',
  imports: [DatePipe, MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (grants().length) {
      <div class="equip-table-scroll">
        <table class="equip-table">
          <caption>
            {{ caption() }}
          </caption>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Department</th>
              <th scope="col">Granted</th>
              @if (canRevoke()) {
                <th scope="col"><span class="equip-visually-hidden">Actions</span></th>
              }
            </tr>
          </thead>
          <tbody>
            @for (grant of grants(); track grant.id) {
              <tr>
                <th scope="row">{{ roleLabels[grant.role] }}</th>
                <td>
                  @if (grant.department; as department) {
                    {{ department.name }} <span class="equip-code">({{ department.code }})</span>
                  } @else {
                    City-wide
                  }
                </td>
                <td>
                  <time [attr.datetime]="grant.grantedAt">{{ grant.grantedAt | date: 'mediumDate' }}</time>
                  @if (grant.grantedBy; as by) {
                    by {{ by.firstName }} {{ by.lastName }}
                  }
                </td>
                @if (canRevoke()) {
                  <td>
                    <button matButton="outlined" type="button" [disabled]="busy()" disabledInteractive (click)="onRevoke(grant)">
                      Revoke<span class="equip-visually-hidden"> {{ label(grant) }}</span>
                    </button>
                  </td>
                }
              </tr>
            }
          </tbody>
        </table>
      </div>
    } @else {
      <p>No roles granted. Every active staff member is a learner; other roles are granted here.</p>
    }
  `,
})
export class RoleGrantList {
  readonly grants = input.required<readonly RoleGrantView[]>();
  readonly caption = input('Roles granted');
  readonly canRevoke = input(false);
  /** While a change is on its way, the buttons are announced as unavailable. */
  readonly busy = input(false);
  readonly revoke = output<RoleGrantView>();

  protected readonly roleLabels = ROLE_LABELS;
  protected readonly label = grantLabel;

  protected onRevoke(grant: RoleGrantView): void {
    if (!this.busy()) this.revoke.emit(grant);
  }
}
