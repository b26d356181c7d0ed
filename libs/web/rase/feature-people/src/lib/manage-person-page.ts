import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, effect, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { Title } from '@angular/platform-browser';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { EndSessionsResult, GrantRoleRequest, Problem, RoleGrantView } from '@equip/shared/contracts';
import { ManagePersonStore } from '@equip/web/rase/data-access';
import { GrantRoleForm } from '@equip/web/rase/ui';
import { OrganisationApi, PersonStore, latestRequest, toProblem } from '@equip/web/shared/data-access';
import { PersonInvitation, PersonRecordView } from '@equip/web/shared/feature-people';
import { ErrorSummary, PageHeader, PersonDetails, RoleGrantList, confirmAction, grantLabel } from '@equip/web/shared/ui';

/**
 * A staff member's record for a RASE administrator: the roster fields, their manager, the roles
 * granted to them with a Revoke button each (confirmed in a dialog), a form to grant a role, and
 * "End all sessions" (confirmed), which signs the person out everywhere and cancels their
 * set-password links. The api audits every change.
 */
@Component({
  selector: 'equip-manage-person-page',
  imports: [RouterLink, MatButton, PageHeader, ErrorSummary, PersonDetails, RoleGrantList, GrantRoleForm, PersonInvitation, PersonRecordView],
  providers: [PersonStore, ManagePersonStore],
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
      <equip-person-details [person]="person" [linkManager]="true" />

      <section class="person-section" aria-labelledby="person-roles">
        <h2 id="person-roles" tabindex="-1" #rolesHeading>Roles</h2>
        @if (revokeProblem(); as problem) {
          <equip-error-summary [items]="[{ message: problem.detail ?? problem.title }]" />
        }
        <p class="equip-status" role="status">{{ announcement() }}</p>
        <equip-role-grant-list
          [grants]="person.grants"
          [caption]="'Roles granted to ' + name()"
          [canRevoke]="true"
          [busy]="store.busy()"
          (revoke)="revoke($event)"
        />
      </section>

      <section class="person-section" aria-labelledby="person-grant">
        <h2 id="person-grant">Grant a role</h2>
        <equip-grant-role-form
          #grantForm
          [departments]="departments.value() ?? []"
          [problem]="grantProblem()"
          [busy]="store.busy()"
          (grant)="grant($event)"
        />
      </section>

      <section class="person-section" aria-labelledby="person-sessions">
        <h2 id="person-sessions">Sign-in</h2>
        <equip-person-invitation [person]="person" (invited)="people.reload()" />
        <p>
          Ending {{ name() }}'s sessions signs them out of Equip on every device at once and cancels any link they were sent to
          set a password, for example after a lost phone or a shared password.
        </p>
        @if (sessionsProblem(); as problem) {
          <equip-error-summary [items]="[{ message: problem.detail ?? problem.title }]" />
        }
        <button matButton="outlined" type="button" [disabled]="store.busy()" disabledInteractive (click)="endSessions()">End all sessions</button>
        <p class="equip-status" role="status">{{ sessionsAnnouncement() }}</p>
      </section>

      <!-- Last: the roles and sign-in are what this page is for; the record follows. -->
      <equip-person-record [staffId]="person.id" certificateAccess="manage" cohortBase="/rase/dashboard/cohorts" [grantAttempts]="true" [canExtend]="true" />
    } @else if (store.person.error(); as error) {
      <equip-error-summary [items]="[{ message: error.status === 404 ? 'There is no staff member with this address.' : (error.problem.detail ?? error.problem.title) }]" />
    } @else {
      <p role="status">Loading…</p>
    }
  `,
  styles: `
    .person-section {
      margin-block-end: 2rem;
    }
    h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.5rem;
    }
    h2:focus:not(:focus-visible) {
      outline: none;
    }
  `,
})
export class ManagePersonPage {
  protected readonly store = inject(ManagePersonStore);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly organisation = inject(OrganisationApi);
  protected readonly people = inject(PersonStore);
  private readonly rolesHeading = viewChild<ElementRef<HTMLElement>>('rolesHeading');
  private readonly grantForm = viewChild(GrantRoleForm);

  protected readonly person = this.store.person.value;
  protected readonly departments = latestRequest((_: void) => this.organisation.departments());
  protected readonly name = computed(() => {
    const person = this.person();
    return person ? `${person.firstName} ${person.lastName}` : '';
  });
  protected readonly heading = computed(() => this.name() || (this.store.person.error() ? 'Person not found' : 'Person'));
  protected readonly grantProblem = signal<Problem | null>(null);
  protected readonly revokeProblem = signal<Problem | null>(null);
  /** Said (a live region) after a change, since the list changes where the person may not be looking. */
  protected readonly announcement = signal('');
  protected readonly sessionsProblem = signal<Problem | null>(null);
  protected readonly sessionsAnnouncement = signal('');

  constructor() {
    this.departments.load();
    inject(ActivatedRoute)
      .paramMap.pipe(takeUntilDestroyed())
      .subscribe((params) => {
        this.announcement.set('');
        this.sessionsAnnouncement.set('');
        this.sessionsProblem.set(null);
        this.store.load(params.get('staffId') ?? '');
      });
    const title = inject(Title);
    effect(() => {
      const name = this.name();
      if (name) title.setTitle(`${name} – People – Equip`);
    });
  }

  protected async grant(request: GrantRoleRequest): Promise<void> {
    this.grantProblem.set(null);
    this.revokeProblem.set(null);
    try {
      const grant = await this.store.grant(request);
      this.grantForm()?.reset();
      this.announcement.set(`${grantLabel(grant)} granted to ${this.name()}.`);
    } catch (error) {
      this.grantProblem.set(toProblem(error));
    }
  }

  protected async revoke(grant: RoleGrantView): Promise<void> {
    this.revokeProblem.set(null);
    const label = grantLabel(grant);
    const confirmed = await confirmAction(this.dialog, {
      title: 'Revoke this role?',
      message: `${this.name()} will no longer be ${label}. The change is recorded in the audit log.`,
      confirm: 'Revoke role',
    });
    if (!confirmed) return;
    let refused = false;
    try {
      await this.store.revoke(grant);
      this.announcement.set(`${label} revoked from ${this.name()}.`);
    } catch (error) {
      refused = true;
      this.revokeProblem.set(toProblem(error));
    }
    // The button that opened the dialog is gone with its row: continue from the list's heading, or
    // from the message saying why the api refused.
    afterNextRender(
      () => {
        const heading = this.rolesHeading()?.nativeElement;
        const summary = refused ? heading?.parentElement?.querySelector<HTMLElement>('.equip-error-summary') : null;
        (summary ?? heading)?.focus();
      },
      { injector: this.injector },
    );
  }

  protected async endSessions(): Promise<void> {
    this.sessionsProblem.set(null);
    this.sessionsAnnouncement.set('');
    const name = this.name();
    const confirmed = await confirmAction(this.dialog, {
      title: `End all of ${name}'s sessions?`,
      message: `${name} will be signed out of Equip on every device at once, and any link they were sent to set a password will stop working. They can sign in again with their password. This is recorded in the audit log.`,
      confirm: 'End sessions',
    });
    if (!confirmed) return;
    try {
      this.sessionsAnnouncement.set(endedMessage(name, await this.store.endSessions()));
    } catch (error) {
      this.sessionsProblem.set(toProblem(error));
    }
  }
}

/** "Ana López is signed out everywhere: 2 sessions ended, 1 set-password link canceled." */
function endedMessage(name: string, { sessionsEnded, linksSpent }: EndSessionsResult): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [count(sessionsEnded, 'session', 'sessions') + ' ended'];
  if (linksSpent > 0) parts.push(count(linksSpent, 'set-password link', 'set-password links') + ' canceled');
  return sessionsEnded === 0 && linksSpent === 0
    ? `${name} was not signed in anywhere; there was nothing to end.`
    : `${name} is signed out everywhere: ${parts.join(', ')}.`;
}
