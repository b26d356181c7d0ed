import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, computed, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { PROTECTED_FIGURES_EXPLANATION, ROLE_LABELS, SUPPRESSION_WORDS, type ReportCount } from '@equip/shared/contracts';
import { QUEUES_DASHBOARD_URL, RASE_HOME_ROWS, RaseHomeStore } from '@equip/web/rase/data-access';
import { SessionStore, formatCityDateTime } from '@equip/web/shared/data-access';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';

// The city's time zone, as every other screen shows dates (see the roster import history).
const NUMBER = new Intl.NumberFormat('en-US');

/**
 * The RASE area's home. An administrator sees what needs attention: departments nobody leads, the
 * lowest completion of the foundations track, the latest roster imports and their problems, and
 * failed background jobs. A viewer sees the city summary (protected figures, as the api gives
 * them) and the way to the dashboard.
 */
@Component({
  selector: 'equip-rase-home',
  imports: [DecimalPipe, MatButton, RouterLink, ErrorSummary, PageHeader],
  providers: [RaseHomeStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="City-wide progress">
      <p>
        Your role: <strong>{{ roleLabel() }}</strong>
      </p>
    </equip-page-header>

    <section class="equip-section" aria-labelledby="rase-summary">
      <h2 id="rase-summary">City summary</h2>
      @if (store.dashboard.error(); as error) {
        <equip-error-summary heading="The city summary could not be loaded" [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
        <button matButton="outlined" type="button" (click)="store.dashboard.reload()">Try again</button>
      } @else if (store.dashboard.value(); as dashboard) {
        <dl class="rase-home__figures">
          <div>
            <dt>Staff who completed {{ dashboard.overview.foundationsTrack.title }}</dt>
            <dd>{{ count(dashboard.overview.staffTrained) }} of {{ count(dashboard.overview.staff) }}{{ share(dashboard.overview.shareTrainedPercent) }}</dd>
          </div>
          <div>
            <dt>Completions this quarter</dt>
            <dd>{{ count(dashboard.overview.completionsThisQuarter) }}</dd>
          </div>
          <div>
            <dt>Assignments overdue</dt>
            <dd>{{ count(dashboard.overview.overdueNow) }}</dd>
          </div>
          <div>
            <dt>Assignments due in the next 30 days</dt>
            <dd>{{ count(dashboard.overview.dueNext30Days) }}</dd>
          </div>
        </dl>
        @if (dashboard.disclosure !== 'exact') {
          <p class="equip-hint">{{ protectedExplanation }}</p>
        }
        <p class="equip-hint">As of {{ when(dashboard.overview.asOf) }}.</p>
        <p><a routerLink="/rase/dashboard">Open the dashboard</a> for completion by department, course and week.</p>
      } @else {
        <p role="status">Loading the city summary…</p>
      }
    </section>

    @if (isAdministrator()) {
      <section class="equip-section" aria-labelledby="rase-without-lead">
        <h2 id="rase-without-lead">Departments without a lead</h2>
        @if (store.departments.error(); as error) {
          <equip-error-summary heading="The departments could not be loaded" [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
          <button matButton="outlined" type="button" (click)="store.departments.reload()">Try again</button>
        } @else if (store.withoutLead(); as withoutLead) {
          @if (withoutLead.length === 0) {
            <p>Every department has a lead.</p>
          } @else {
            <p>
              {{ withoutLead.length | number }} {{ withoutLead.length === 1 ? 'department has' : 'departments have' }} no equity lead, here or
              above. Open a department's people to grant someone the equity lead role.
            </p>
            <ul class="equip-list">
              @for (department of withoutLead.slice(0, rows); track department.id) {
                <li>
                  <a routerLink="/rase/people" [queryParams]="{ departmentId: department.id }">{{ department.name }}</a>
                </li>
              }
            </ul>
            @if (withoutLead.length > rows) {
              <p><a routerLink="/rase/departments">All departments</a></p>
            }
          }
        } @else {
          <p role="status">Loading the departments…</p>
        }
      </section>

      <section class="equip-section" aria-labelledby="rase-lowest">
        <h2 id="rase-lowest">Lowest completion</h2>
        @if (store.dashboard.error()) {
          <p>Completion by department could not be loaded (see the city summary above).</p>
        } @else if (store.lowestCompletion(); as lowest) {
          @if (lowest.length === 0) {
            <p>No department has {{ store.dashboard.value()?.overview?.foundationsTrack?.title }} assigned yet.</p>
          } @else {
            <div class="equip-table-scroll">
              <table class="equip-table">
                <caption>Departments with the lowest completion of {{ store.dashboard.value()?.overview?.foundationsTrack?.title }}, lowest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Department</th>
                    <th scope="col">Completed</th>
                  </tr>
                </thead>
                <tbody>
                  @for (row of lowest; track row.department.id) {
                    <tr>
                      <th scope="row"><a [routerLink]="['/rase/dashboard/departments', row.department.id]">{{ row.department.name }}</a></th>
                      <td>{{ row.cell.percentCompleted }}% ({{ count(row.cell.completed) }} of {{ count(row.cell.assigned) }} assigned)</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          }
        } @else {
          <p role="status">Loading completion by department…</p>
        }
      </section>

      <section class="equip-section" aria-labelledby="rase-imports">
        <h2 id="rase-imports">Recent roster imports</h2>
        @if (store.imports.error(); as error) {
          <equip-error-summary heading="The roster imports could not be loaded" [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
          <button matButton="outlined" type="button" (click)="store.imports.reload()">Try again</button>
        } @else if (store.imports.value(); as imports) {
          @if (imports.items.length === 0) {
            <p>No roster has been imported yet.</p>
          } @else {
            <ul class="equip-list">
              @for (record of imports.items; track record.id) {
                <li>
                  <strong>{{ when(record.at) }}</strong>,
                  @if (record.actor; as actor) {
                    by <a [routerLink]="['/rase/people', actor.id]">{{ actor.name }}</a>:
                  } @else {
                    {{ record.via === 'feed' ? 'a nightly file' : 'a scheduled import' }}:
                  }
                  @if (record.status === 'refused') {
                    refused, nothing changed; {{ record.problems.length | number }} {{ record.problems.length === 1 ? 'problem' : 'problems' }}
                    @if (record.problems[0]; as first) {
                      <span class="equip-hint">(the first: {{ first.message }})</span>
                    }
                  } @else if (record.mode === 'undo') {
                    undid an earlier import
                  } @else {
                    {{ record.added | number }} added, {{ record.changed | number }} changed, {{ record.deactivated | number }} deactivated
                  }
                </li>
              }
            </ul>
          }
          <p><a routerLink="/rase/roster">Roster import and its full history</a></p>
        } @else {
          <p role="status">Loading the roster imports…</p>
        }
      </section>

      <section class="equip-section" aria-labelledby="rase-jobs">
        <h2 id="rase-jobs">Failed background jobs</h2>
        @if (store.failedJobs.error(); as error) {
          <equip-error-summary heading="The failed jobs could not be loaded" [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
          <button matButton="outlined" type="button" (click)="store.failedJobs.reload()">Try again</button>
        } @else if (store.failedJobs.value(); as jobs) {
          @if (jobs.total === 0) {
            <p>No background job has failed.</p>
          } @else {
            <p>{{ jobs.total | number }} {{ jobs.total === 1 ? 'job has' : 'jobs have' }} failed and {{ jobs.total === 1 ? 'waits' : 'wait' }} for a retry. The latest:</p>
            <ul class="equip-list">
              @for (job of jobs.latest; track $index) {
                <li>
                  <strong>{{ job.headline }}</strong>: {{ job.cause }}
                  <span class="rase-home__when">Failed {{ when(job.failedAt) }}, after {{ job.attempts }} {{ job.attempts === 1 ? 'attempt' : 'attempts' }}.</span>
                </li>
              }
            </ul>
          }
          <p><a [href]="queuesDashboard">Open the queue dashboard</a> to see every job and retry a failed one.</p>
        } @else {
          <p role="status">Loading the failed jobs…</p>
        }
      </section>
    }
  `,
  styles: `
    .rase-home__figures {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      gap: 1rem;
      margin: 0 0 1rem;
    }
    .rase-home__figures dd {
      margin: 0.25rem 0 0;
      font-size: 1.25rem;
      font-weight: 600;
    }
    .rase-home__when {
      display: block;
    }
  `,
})
export class RaseHome implements OnInit {
  private readonly session = inject(SessionStore);
  protected readonly store = inject(RaseHomeStore);
  private readonly roles = computed(() => this.session.user()?.roles ?? []);

  protected readonly rows = RASE_HOME_ROWS;
  protected readonly queuesDashboard = QUEUES_DASHBOARD_URL;
  protected readonly protectedExplanation = PROTECTED_FIGURES_EXPLANATION;
  protected readonly isAdministrator = computed(() => this.roles().includes('rase_admin'));
  protected readonly roleLabel = computed(() =>
    this.isAdministrator() ? ROLE_LABELS.rase_admin : `${ROLE_LABELS.viewer} (read-only)`,
  );

  ngOnInit(): void {
    if (this.isAdministrator()) this.store.loadForAdministrator();
    else this.store.loadForViewer();
  }

  protected when(iso: string): string {
    return formatCityDateTime(iso);
  }

  /** A count as the api allows it to be shown: the number, "fewer than 5", "suppressed" or "not published". */
  protected count(count: ReportCount): string {
    if (count.suppressed) return SUPPRESSION_WORDS[count.suppressed];
    return count.count === null ? SUPPRESSION_WORDS.withheld : NUMBER.format(count.count);
  }

  protected share(percent: number | null): string {
    return percent === null ? '' : ` (${percent}%)`;
  }
}
