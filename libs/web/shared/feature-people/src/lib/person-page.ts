import { ChangeDetectionStrategy, Component, computed, effect, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { PersonStore } from '@equip/web/shared/data-access';
import { ErrorSummary, PageHeader, PersonDetails, RoleGrantList } from '@equip/web/shared/ui';
import { PersonInvitation } from './person-invitation';
import { PersonRecordView } from './person-record';

/**
 * One staff member's record and roles, read-only (an equity lead's view of someone in their
 * departments). The api answers 404 for anyone outside the caller's scope.
 */
@Component({
  selector: 'equip-person-page',
  imports: [RouterLink, PageHeader, ErrorSummary, PersonDetails, RoleGrantList, PersonInvitation, PersonRecordView],
  providers: [PersonStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p><a routerLink="..">Back to people</a></p>
    <!-- One h1 for every state, so focus put on it after navigation stays there when the record arrives. -->
    <equip-page-header [heading]="heading()">
      @if (person(); as person) {
        <p>{{ person.jobTitle ?? 'Staff member' }}, {{ person.department.name }}</p>
      }
    </equip-page-header>
    @if (person(); as person) {
      <equip-person-details [person]="person" />
      <equip-person-record [staffId]="person.id" [cohortBase]="cohortBase" [grantAttempts]="true" [canExtend]="true" />
      <section aria-labelledby="person-sign-in">
        <h2 id="person-sign-in">Sign-in</h2>
        <equip-person-invitation [person]="person" (invited)="reload()" />
      </section>
      <section aria-labelledby="person-roles">
        <h2 id="person-roles">Roles</h2>
        <equip-role-grant-list [grants]="person.grants" [caption]="'Roles granted to ' + person.firstName + ' ' + person.lastName" />
      </section>
    } @else if (error(); as error) {
      <equip-error-summary [items]="[{ message: error.status === 404 ? notFound : (error.problem.detail ?? error.problem.title) }]" />
    } @else {
      <p role="status">Loading…</p>
    }
  `,
  styles: `
    section {
      margin-block-end: 2rem;
    }
    h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.5rem;
    }
  `,
})
export class PersonPage {
  private readonly store = inject(PersonStore);
  protected readonly person = this.store.person.value;
  protected readonly error = this.store.person.error;
  /** Where the area keeps cohort pages (route data `cohortBase`), to link the cohorts on the record. */
  protected readonly cohortBase: string | null = inject(ActivatedRoute).snapshot.data['cohortBase'] ?? null;
  protected readonly notFound = 'There is no staff member with this address in the departments you can see.';
  private readonly name = computed(() => {
    const person = this.person();
    return person ? `${person.firstName} ${person.lastName}` : null;
  });

  protected readonly heading = computed(() => this.name() ?? (this.error() ? 'Person not found' : 'Person'));

  protected reload(): void {
    this.store.reload();
  }

  constructor() {
    inject(ActivatedRoute)
      .paramMap.pipe(takeUntilDestroyed())
      .subscribe((params) => this.store.load(params.get('staffId') ?? ''));
    const title = inject(Title);
    // Name the tab after the person once their record has arrived.
    effect(() => {
      const name = this.name();
      if (name) title.setTitle(`${name} – People – Equip`);
    });
  }
}
