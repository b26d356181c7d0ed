import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { MoreAttemptsRequestRow } from '@equip/shared/contracts';
import { AttemptRequestsStore, requestKey } from '@equip/web/lead/data-access';
import { formatCityDateTime } from '@equip/web/shared/data-access';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';

/**
 * People in the lead's departments (every department, for an administrator) who used every attempt
 * at a knowledge check and asked for another. "Give one more attempt" grants it (audited); the
 * person can then try the check again. The mail a lead gets when someone asks links here.
 */
@Component({
  selector: 'equip-attempt-requests-page',
  imports: [RouterLink, MatButton, PageHeader, ErrorSummary],
  providers: [AttemptRequestsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Requests for another attempt">
      <p>People who used every attempt at a knowledge check without passing it, and asked you for another.</p>
    </equip-page-header>

    @if (store.requests.error(); as error) {
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" heading="The requests could not be loaded" />
    }
    @if (grantError(); as message) {
      <equip-error-summary [items]="[{ message }]" heading="No attempt was given" />
    }

    <p class="equip-status" role="status">{{ status() }}</p>

    @if (rows(); as rows) {
      @if (rows.length) {
        <div class="equip-table-scroll">
          <table class="equip-table" [attr.aria-busy]="store.requests.loading()">
            <caption>
              Waiting for another attempt, oldest request first
            </caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Course and knowledge check</th>
                <th scope="col">Attempts used</th>
                <th scope="col">Asked</th>
                <th scope="col"><span class="equip-visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody>
              @for (row of rows; track key(row)) {
                <tr>
                  <th scope="row">
                    <a [routerLink]="[peopleBase, row.staff.id]">{{ row.staff.lastName }}, {{ row.staff.firstName }}</a>
                  </th>
                  <td>{{ row.course.title }}: {{ row.lesson.title }}</td>
                  <td>{{ row.attemptsUsed }} of {{ row.attemptsAllowed }}</td>
                  <td>{{ when(row.requestedAt) }}</td>
                  <td>
                    <button
                      matButton="filled"
                      type="button"
                      [disabled]="store.granting() !== null"
                      (click)="grant(row)"
                    >
                      {{ store.granting() === key(row) ? 'Giving…' : 'Give one more attempt' }}<span class="equip-visually-hidden">
                        to {{ row.staff.firstName }} {{ row.staff.lastName }} at {{ row.lesson.title }}</span
                      >
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    }
  `,
})
export class AttemptRequestsPage {
  protected readonly store = inject(AttemptRequestsStore);
  protected readonly rows = this.store.requests.value;
  protected readonly key = requestKey;
  protected readonly when = formatCityDateTime;
  /** Where a person's page is in the area showing this list. */
  protected readonly peopleBase: string = inject(ActivatedRoute).snapshot.data['peopleBase'] ?? '/lead/people';
  protected readonly grantError = signal<string | null>(null);
  private readonly granted = signal<string | null>(null);

  protected readonly status = computed(() => {
    if (this.store.requests.loading()) return 'Loading requests…';
    if (this.granted()) return this.granted() as string;
    const rows = this.rows();
    if (!rows) return '';
    if (rows.length === 0) return 'Nobody is waiting for another attempt.';
    return rows.length === 1 ? '1 person is waiting.' : `${rows.length} people are waiting.`;
  });

  constructor() {
    this.store.load();
  }

  protected async grant(row: MoreAttemptsRequestRow): Promise<void> {
    this.grantError.set(null);
    this.granted.set(null);
    try {
      const result = await this.store.grantOne(row);
      this.granted.set(
        `${row.staff.firstName} ${row.staff.lastName} can try “${row.lesson.title}” again: ${result.attemptsAllowed - result.attemptsUsed} ${result.attemptsAllowed - result.attemptsUsed === 1 ? 'attempt' : 'attempts'} left.`,
      );
    } catch (error) {
      const problem = (error as { problem?: { detail?: string; title?: string } }).problem;
      this.grantError.set(problem?.detail ?? problem?.title ?? 'Something went wrong. Try again.');
    }
  }
}
