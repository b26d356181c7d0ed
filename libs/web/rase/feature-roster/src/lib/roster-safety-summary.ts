import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ROLE_LABELS, type RosterImportResult } from '@equip/shared/contracts';

/**
 * What deserves a second look before a roster import (or an undo) goes ahead: how many people it
 * deactivates when that needs the number typed back, who among them holds a role, and which
 * departments would be left without an equity lead. Shows nothing when there is nothing to say.
 */
@Component({
  selector: 'equip-roster-safety-summary',
  imports: [DecimalPipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = result();
    @if (worthALook()) {
      <section class="roster-safety" [attr.aria-labelledby]="headingId()">
        <h2 [id]="headingId()" class="roster-safety__title" tabindex="-1">Check before you go ahead</h2>
        @if (r.confirmation?.required) {
          <p>
            <strong>Warning:</strong> this would deactivate <strong>{{ r.confirmation!.deactivate | number }} people</strong>, more than the
            {{ r.confirmation!.threshold | number }} an import may deactivate without you typing the number to confirm it.
            Deactivated people cannot sign in and stop getting reminders; their learning history stays.
          </p>
        }
        @if (r.leavingRoleHolders?.length) {
          <h3>People leaving who hold a role</h3>
          <ul>
            @for (person of r.leavingRoleHolders; track person.staffId) {
              <li>
                <a [routerLink]="['/rase/people', person.staffId]">{{ person.name }}</a>
                (employee {{ person.employeeId }}): {{ roleNames(person.roles) }}
              </li>
            }
          </ul>
        }
        @if (r.departmentsLosingOnlyLead?.length) {
          <h3>Departments left without an equity lead</h3>
          <ul>
            @for (department of r.departmentsLosingOnlyLead; track department.departmentId) {
              <li>
                {{ department.name }}: its only
                {{ department.leads.length === 1 ? 'lead' : 'leads' }}
                @for (lead of department.leads; track lead.staffId; let last = $last) {
                  <a [routerLink]="['/rase/people', lead.staffId]">{{ lead.name }}</a>{{ last ? '' : ', ' }}
                }
                {{ department.leads.length === 1 ? 'is' : 'are' }} leaving.
              </li>
            }
          </ul>
        }
      </section>
    }
  `,
  styles: `
    .roster-safety {
      border: 3px solid var(--mat-sys-error);
      border-radius: 4px;
      padding: 0.75rem 1rem;
      margin-block: 1rem;
      overflow-wrap: anywhere;
    }
    .roster-safety__title {
      margin-block-start: 0;
    }
  `,
})
export class RosterSafetySummary {
  readonly result = input.required<RosterImportResult>();
  /** Unique per use on a page (the import and an undo preview may both show one). */
  readonly headingId = input('roster-safety-heading');

  protected readonly worthALook = computed(() => {
    const r = this.result();
    return !!r.confirmation?.required || !!r.leavingRoleHolders?.length || !!r.departmentsLosingOnlyLead?.length;
  });

  protected roleNames(roles: readonly (keyof typeof ROLE_LABELS)[]): string {
    return roles.map((role) => ROLE_LABELS[role]).join(', ');
  }
}
