import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { LEAD_HOME_DUE_DAYS, type LeadHomeNudge } from '@equip/shared/contracts';
import { CohortsApi } from '@equip/web/lead/data-access';
import { SessionStore, formatCityDate, latestRequest } from '@equip/web/shared/data-access';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';

/**
 * The equity lead's home: what needs doing first — per cohort, work overdue and work due in the
 * next 14 days not started yet (each a link to the cohort's members with that status), how many
 * people cannot sign in yet, the latest nudges — then the departments they lead.
 */
@Component({
  selector: 'equip-lead-home',
  imports: [PageHeader, RouterLink, ErrorSummary],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="My departments">
      <p>
        As an equity lead you build cohorts of staff in these departments (and their divisions), assign courses and
        tracks with due dates, and follow their progress under Cohorts.
      </p>
    </equip-page-header>

    <section class="equip-section" aria-labelledby="lead-attention">
      <h2 id="lead-attention">Needs attention</h2>
      @if (home.value(); as h) {
        @if (h.cohorts.length) {
          <ul class="equip-list">
            @for (c of h.cohorts; track c.id) {
              <li>
                <a [routerLink]="['/lead/cohorts', c.id]">{{ c.name }}</a>:
                @if (c.overdue) {
                  <a [routerLink]="['/lead/cohorts', c.id]" [queryParams]="{ status: 'overdue' }">{{ count(c.overdue) }} overdue<span class="equip-visually-hidden"> in {{ c.name }}</span></a>
                }
                @if (c.overdue && c.dueSoonNotStarted) {
                  <span>, </span>
                }
                @if (c.dueSoonNotStarted) {
                  <a [routerLink]="['/lead/cohorts', c.id]" [queryParams]="{ status: 'not_started' }">{{ count(c.dueSoonNotStarted) }} due in the next {{ days }} days and not started<span class="equip-visually-hidden"> in {{ c.name }}</span></a>
                }
              </li>
            }
          </ul>
        } @else {
          <p>Nothing is overdue, and nothing due in the next {{ days }} days is waiting to be started.</p>
        }
        <p>
          @if (h.withoutAccount) {
            <a routerLink="/lead/people">{{ h.withoutAccount }} {{ h.withoutAccount === 1 ? 'person' : 'people' }} in your departments cannot sign in yet</a>:
            invite them from their department’s list of people.
          } @else {
            Everyone in your departments can sign in.
          }
        </p>
      } @else if (home.error(); as error) {
        <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
      } @else {
        <p role="status">Loading what needs attention…</p>
      }
    </section>

    @if (home.value(); as h) {
      <section class="equip-section" aria-labelledby="lead-nudges">
        <h2 id="lead-nudges">Latest nudges</h2>
        @if (h.recentNudges.length) {
          <ul class="equip-list">
            @for (n of h.recentNudges; track $index) {
              <li>{{ nudgeDate(n) }}: <a [routerLink]="['/lead/people', n.person.id]">{{ n.person.firstName }} {{ n.person.lastName }}</a>, {{ n.title }}{{ nudgeBy(n) }}</li>
            }
          </ul>
        } @else {
          <p>No one has been nudged yet. Nudge people from a cohort’s list of members.</p>
        }
      </section>
    }

    <section class="equip-section" aria-labelledby="lead-departments">
      <h2 id="lead-departments">Departments you lead</h2>
      @if (departments().length) {
        <ul class="equip-list">
          @for (department of departments(); track department.id) {
            <li>
              {{ department.name }} <span class="equip-code">(code {{ department.code }})</span>
            </li>
          }
        </ul>
      } @else {
        <p>You do not lead any departments yet. A RASE administrator grants the equity lead role for a department.</p>
      }
    </section>
  `,
})
export class LeadHome {
  private readonly session = inject(SessionStore);
  private readonly api = inject(CohortsApi);
  protected readonly departments = computed(() => this.session.user()?.leadDepartments ?? []);
  protected readonly home = latestRequest((_: void) => this.api.home());
  protected readonly days = LEAD_HOME_DUE_DAYS;

  constructor() {
    this.home.load();
  }

  protected count(n: number): string {
    return `${n} ${n === 1 ? 'assignment' : 'assignments'}`;
  }

  protected nudgeDate(n: LeadHomeNudge): string {
    return `Nudged ${formatCityDate(n.at, 'medium')}`;
  }

  protected nudgeBy(n: LeadHomeNudge): string {
    return n.by ? ` (by ${n.by.firstName} ${n.by.lastName}${n.cohort ? `, from ${n.cohort.name}` : ''})` : n.cohort ? ` (from ${n.cohort.name})` : '';
  }
}
