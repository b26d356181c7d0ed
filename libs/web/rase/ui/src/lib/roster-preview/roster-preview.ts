import { DecimalPipe, KeyValuePipe, NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { RosterImportResult } from '@equip/shared/contracts';
import { ErrorSummary } from '@equip/web/shared/ui';
import { RosterReadSummary } from './roster-read';

/** Ids the page can focus after a check or an import, so the answer is where the keyboard is. */
export const ROSTER_RESULT_HEADING_ID = 'roster-result-heading';

/**
 * The answer to a roster check or import. With problems: how many, that nothing was imported, and
 * every problem by line and column in a table. Without: how many people are added, changed,
 * deactivated, reactivated and unchanged (or, for a dry run, would be), then who. Either way, how
 * the file was read (encoding, separator, headers, the first dates), when it could be read as text.
 */
@Component({
  selector: 'equip-roster-preview',
  imports: [ErrorSummary, DecimalPipe, KeyValuePipe, NgTemplateOutlet, RosterReadSummary],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = result();
    @if (problemCount() > 0) {
      <equip-error-summary [heading]="problemsHeading()" [items]="problemsAdvice()" />
      @if (r.read) {
        <equip-roster-read [read]="r.read" [warnings]="r.warnings ?? []" />
      }
      <div class="equip-table-scroll">
        <table class="equip-table roster-problems">
          <caption>
            Problems in {{ fileName() }}, in file order
          </caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            @for (problem of r.problems; track $index) {
              <tr>
                <th scope="row">{{ problem.line || 'None' }}</th>
                <td>
                  @if (problem.column) {
                    <code>{{ problem.column }}</code>
                  } @else {
                    {{ problem.line ? 'Whole row' : 'Whole file' }}
                  }
                </td>
                <td>{{ problem.message }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    } @else {
      <section class="roster-summary" [attr.aria-labelledby]="headingId">
        <h2 [id]="headingId" tabindex="-1">{{ r.dryRun ? 'What this import will change' : 'Roster imported' }}</h2>
        <p>
          {{ fileName() }} has {{ r.rows | number }} {{ r.rows === 1 ? 'row' : 'rows' }} and no problems.
          @if (r.dryRun) {
            Nothing has been changed yet.
          }
        </p>
        <ul class="roster-counts">
          <li><strong>{{ r.added.length | number }}</strong> {{ r.dryRun ? 'to add' : 'added' }}</li>
          <li><strong>{{ r.changed.length | number }}</strong> {{ r.dryRun ? 'to change' : 'changed' }}</li>
          <li><strong>{{ r.deactivated.length | number }}</strong> {{ r.dryRun ? 'to deactivate' : 'deactivated' }}</li>
          <li><strong>{{ r.reactivated.length | number }}</strong> {{ r.dryRun ? 'to reactivate' : 'reactivated' }}</li>
          <li><strong>{{ r.unchanged | number }}</strong> unchanged</li>
        </ul>
        @if (r.invitations; as invitations) {
          <p>
            {{ invitations.invited | number }} {{ invitations.invited === 1 ? 'person was' : 'people were' }} sent an invitation to set a password.
            @if (invitations.notSent > 0) {
              {{ invitations.notSent | number }} could not be reached by email; use Send invitation again on each one’s page under People.
            }
          </p>
        }
      </section>

      @if (r.read) {
        <equip-roster-read [read]="r.read" [warnings]="r.warnings ?? []" />
      }

      @if (r.added.length) {
        <ng-container
          *ngTemplateOutlet="people; context: { $implicit: r.added, caption: r.dryRun ? 'People to add' : 'People added' }"
        />
      }
      @if (r.changed.length) {
        <div class="equip-table-scroll">
          <table class="equip-table">
            <caption>
              {{ r.dryRun ? 'People to change' : 'People changed' }}
            </caption>
            <thead>
              <tr>
                <th scope="col">Employee ID</th>
                <th scope="col">Name</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              @for (change of r.changed; track change.employeeId) {
                <tr>
                  <th scope="row">{{ change.employeeId }}</th>
                  <td>{{ change.name }}</td>
                  <td>
                    <ul class="roster-changes">
                      @for (field of change.fields | keyvalue; track field.key) {
                        <li>
                          <code>{{ field.key }}</code>: {{ field.value[0] ?? '(empty)' }}
                          <span aria-hidden="true">→</span><span class="equip-visually-hidden"> becomes </span>
                          {{ field.value[1] ?? '(empty)' }}
                        </li>
                      }
                    </ul>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
      @if (r.deactivated.length) {
        <ng-container
          *ngTemplateOutlet="people; context: { $implicit: r.deactivated, caption: r.dryRun ? 'People to deactivate (not in the file)' : 'People deactivated' }"
        />
      }
      @if (r.reactivated.length) {
        <ng-container
          *ngTemplateOutlet="people; context: { $implicit: r.reactivated, caption: r.dryRun ? 'People to reactivate' : 'People reactivated' }"
        />
      }
    }

    <ng-template #people let-rows let-caption="caption">
      <div class="equip-table-scroll">
        <table class="equip-table">
          <caption>
            {{ caption }}
          </caption>
          <thead>
            <tr>
              <th scope="col">Employee ID</th>
              <th scope="col">Name</th>
            </tr>
          </thead>
          <tbody>
            @for (row of rows; track row.employeeId) {
              <tr>
                <th scope="row">{{ row.employeeId }}</th>
                <td>{{ row.name }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </ng-template>
  `,
  styles: `
    .roster-summary h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.5rem;
    }
    .roster-counts {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1.5rem;
      padding: 0;
      margin: 0 0 1.5rem;
      list-style: none;
    }
    .roster-changes {
      margin: 0;
      padding-inline-start: 1rem;
    }
  `,
})
export class RosterPreview {
  readonly result = input.required<RosterImportResult>();
  /** Every problem, including any the api counted but did not list. */
  readonly problemCount = input.required<number>();
  readonly fileName = input('the file');

  protected readonly headingId = ROSTER_RESULT_HEADING_ID;
  protected readonly problemsHeading = computed(() => {
    const n = this.problemCount();
    return `${n.toLocaleString('en-US')} ${n === 1 ? 'problem' : 'problems'} found — nothing was imported`;
  });
  protected readonly problemsAdvice = computed(() => {
    const listed = this.result().problems.length;
    const advice = [{ message: `Fix the file and check it again. Line 1 is the header row; each problem below gives its line and column.` }];
    if (listed < this.problemCount()) advice.push({ message: `The first ${listed.toLocaleString('en-US')} problems are listed.` });
    return advice;
  });
}
