import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, effect, inject, input, signal, viewChild } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { RouterLink } from '@angular/router';
import {
  MEMBERSHIP_REASON_LABELS, MY_RECORD_REMINDER_LABELS, RECORD_REMINDER_LABELS, RECORD_STATUS_LABELS, type AssignmentStatus, type MembershipReason,
  type PersonRecord, type RecordAssignment, type RecordCohortMembership, type RecordKnowledgeCheckAllowance, type RecordReminder,
} from '@equip/shared/contracts';
import { OrganisationApi, SessionStore, formatCityDate, formatDueDay, latestRequest, personRecordPath, toProblem } from '@equip/web/shared/data-access';
import { firstValueFrom } from 'rxjs';
import { ErrorSummary } from '@equip/web/shared/ui';
import { extendDueDate } from './extend-due-date-dialog';

/** What the viewer may do with the person's certificates: download them (the holder), manage them (RASE), or see them listed. */
export type RecordCertificateAccess = 'download' | 'manage' | 'list';

const STATUS_ORDER: readonly AssignmentStatus[] = ['overdue', 'not_started', 'in_progress', 'completed', 'exempt'];

/**
 * A person's record of learning: a summary, current and past assignments (who assigned each, due
 * date in city time, status, recurrence), progress per course, knowledge-check attempts,
 * exemptions and extensions, certificates, reminders and nudges, and cohort memberships; CSV and PDF
 * downloads. A lead or administrator (`canExtend`) can extend the due date of open work.
 * The api decides who may see it (404 outside the caller's scope, as for no one).
 */
@Component({
  selector: 'equip-person-record',
  imports: [RouterLink, MatButton, ErrorSummary],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (record(); as r) {
      <section class="record-section" aria-labelledby="record-summary">
        <h2 id="record-summary">Record of learning</h2>
        <p class="equip-hint">As of {{ day(r.asOf) }}. Due dates are days in the city’s time zone.</p>
        <ul class="record-figures">
          @for (figure of figures(); track figure.label) {
            <li>
              <span class="record-figure-value">{{ figure.value }}</span>
              <span class="record-figure-label">{{ figure.label }}</span>
            </li>
          }
        </ul>
        <p class="record-downloads">
          <a [href]="csvPath()" download>Download the record (CSV)</a>
          <a [href]="pdfPath()" download>Download the record (PDF)</a>
        </p>
      </section>

      <section class="record-section" aria-labelledby="record-assignments">
        <h2 id="record-assignments">Assignments</h2>
        <p class="equip-status" role="status">{{ announcement() }}</p>
        @if (r.assignments.length === 0) {
          <p>{{ self() ? 'Nothing has been assigned to you yet.' : 'Nothing has been assigned yet.' }}</p>
        } @else {
          <div class="equip-table-scroll" tabindex="0" role="region" aria-labelledby="record-assignments">
            <table class="equip-table">
              <caption>
                Current assignments first, then earlier cycles
              </caption>
              <thead>
                <tr>
                  <th scope="col">Course or track</th>
                  <th scope="col">Status</th>
                  <th scope="col">Due</th>
                  <th scope="col">Assigned by</th>
                  <th scope="col">Repeats</th>
                  <th scope="col">Completed</th>
                </tr>
              </thead>
              <tbody>
                @for (a of r.assignments; track a.id) {
                  <tr>
                    <th scope="row">
                      <a [routerLink]="subjectLink(a)">{{ a.subject.title }}</a>
                      @if (!a.current) {
                        <span class="equip-hint"> (earlier cycle {{ a.cycle }})</span>
                      }
                    </th>
                    <td>{{ status(a.status) }}</td>
                    <td>
                      {{ a.dueOn ? dueDay(a.dueOn) : 'No due date' }}
                      @if (mayExtend() && extendable(a)) {
                        <button matButton type="button" class="record-extend" (click)="extend(r.person, a)">
                          Extend due date<span class="equip-visually-hidden"> for {{ a.subject.title }}</span>
                        </button>
                      }
                    </td>
                    <td>
                      @for (source of a.sources; track $index) {
                        <span class="record-source">
                          @switch (source.kind) {
                            @case ('cohort') {
                              @if (cohortBase(); as base) {
                                Cohort <a [routerLink]="[base, source.cohort.id]">{{ source.cohort.name }}</a>
                              } @else {
                                Cohort {{ source.cohort.name }}
                              }
                            }
                            @case ('person') {
                              {{ source.assignedBy ? source.assignedBy.firstName + ' ' + source.assignedBy.lastName : 'An equity lead' }}
                            }
                            @default {
                              Chosen by {{ self() ? 'you' : 'the learner' }}
                            }
                          }
                        </span>
                      }
                    </td>
                    <td>{{ a.recurrenceMonths ? 'Every ' + months(a.recurrenceMonths) : 'Once' }}</td>
                    <td>{{ a.completedAt ? day(a.completedAt) : '' }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      </section>

      @if (exemptions().length > 0 || extensions().length > 0) {
        <section class="record-section" aria-labelledby="record-exemptions">
          <h2 id="record-exemptions">Exemptions and extensions</h2>
          <ul class="record-list">
            @for (a of exemptions(); track a.id) {
              <li>
                <strong>{{ a.subject.title }}</strong>: {{ a.exemption?.reason }}.
                <span class="equip-hint">Granted {{ day(a.exemption?.at ?? r.asOf) }}{{ a.exemption?.by ? ' by ' + a.exemption?.by?.firstName + ' ' + a.exemption?.by?.lastName : '' }}.</span>
              </li>
            }
            @for (x of extensions(); track $index) {
              <li>
                <strong>{{ x.title }}</strong>: due date extended {{ x.fromDueOn ? 'from ' + dueDay(x.fromDueOn) + ' ' : '' }}to {{ dueDay(x.toDueOn) }}. {{ x.reason }}
                <span class="equip-hint">Granted {{ day(x.at) }}{{ x.by ? ' by ' + x.by.firstName + ' ' + x.by.lastName : '' }}.</span>
              </li>
            }
          </ul>
        </section>
      }

      <section class="record-section" aria-labelledby="record-courses">
        <h2 id="record-courses">Progress per course</h2>
        @if (r.courses.length === 0) {
          <p>{{ self() ? 'You have not started a course yet.' : 'No course started yet.' }}</p>
        } @else {
          <ul class="record-list">
            @for (c of r.courses; track c.course.id + c.version) {
              <li>
                <a [routerLink]="['/learn/courses', c.course.slug]">{{ c.course.title }}</a>:
                {{ c.completedAt ? 'completed ' + day(c.completedAt) : lessons(c.lessonsCompleted, c.lessonsTotal) }}
                <span class="equip-hint">(started {{ day(c.startedAt) }}{{ c.score !== null ? ', knowledge checks ' + c.score + '% correct' : '' }})</span>
              </li>
            }
          </ul>
        }
      </section>

      <section class="record-section" aria-labelledby="record-checks">
        <h2 id="record-checks">Knowledge-check attempts</h2>
        @if (r.knowledgeChecks.length === 0) {
          <p>{{ self() ? 'You have not taken a knowledge check yet.' : 'No knowledge check taken yet.' }}</p>
        } @else {
          <ul class="record-list">
            @for (k of r.knowledgeChecks; track $index) {
              <li>
                {{ k.course.title }}, {{ k.lessonTitle }}: attempt {{ k.attempt }}, {{ k.passed ? 'passed' : 'not passed' }}
                ({{ k.score }} {{ k.score === 1 ? 'answer' : 'answers' }} correct), {{ day(k.submittedAt) }}
              </li>
            }
          </ul>
        }
        @if (r.knowledgeCheckAllowances.length > 0) {
          <h3 id="record-allowances" tabindex="-1" #allowances>Attempts allowed</h3>
          @if (grantError(); as message) {
            <equip-error-summary [items]="[{ message }]" heading="No attempt was given" />
          }
          <ul class="record-list" aria-labelledby="record-allowances">
            @for (k of r.knowledgeCheckAllowances; track k.course.id + k.lessonSlug) {
              <li>
                {{ allowance(k) }}
                @for (g of k.grants; track $index) {
                  <span class="record-source equip-hint">{{ grantLine(g) }}</span>
                }
                @if (canGrant() && outOfAttempts(k)) {
                  <button matButton="outlined" type="button" [disabled]="granting() !== null" (click)="grant(k)">
                    {{ granting() === allowanceKey(k) ? 'Giving…' : 'Give one more attempt' }}<span class="equip-visually-hidden">
                      at {{ k.lessonTitle }} in {{ k.course.title }}</span
                    >
                  </button>
                }
              </li>
            }
          </ul>
        }
        <p class="equip-status" role="status">{{ granted() }}</p>
      </section>

      <section class="record-section" aria-labelledby="record-certificates">
        <h2 id="record-certificates">Certificates</h2>
        @if (r.certificates.length === 0) {
          <p>{{ self() ? 'You have no certificate yet.' : 'No certificate yet.' }}</p>
        } @else {
          <ul class="record-list">
            @for (c of r.certificates; track c.id) {
              <li>
                {{ c.title }}, issued {{ day(c.issuedAt) }}
                @if (c.revokedAt) {
                  <strong>(revoked {{ day(c.revokedAt) }})</strong>
                }
                <span class="equip-hint">Serial {{ c.serial }}</span>
                @if (certificateAccess() !== 'list' && !c.revokedAt) {
                  <a [href]="'/api/certificates/' + c.id + '/pdf'" download>Download<span class="equip-visually-hidden"> the {{ c.title }} certificate</span></a>
                }
                @if (certificateAccess() === 'manage') {
                  <a routerLink="/rase/certificates" [queryParams]="{ search: c.serial }">{{ c.revokedAt ? 'View' : 'Revoke or view' }}<span class="equip-visually-hidden"> the {{ c.title }} certificate</span></a>
                }
              </li>
            }
          </ul>
        }
      </section>

      <section class="record-section" aria-labelledby="record-reminders">
        <h2 id="record-reminders">Reminders and nudges</h2>
        @if (r.reminders.length === 0) {
          <p>{{ self() ? 'You have had no reminders yet.' : 'No reminders yet.' }}</p>
        } @else {
          <ul class="record-list">
            @for (n of r.reminders; track $index) {
              <li>{{ reminder(n) }}</li>
            }
          </ul>
        }
      </section>

      <section class="record-section" aria-labelledby="record-cohorts">
        <h2 id="record-cohorts">Cohorts</h2>
        @if (r.cohorts.length === 0) {
          <p>{{ self() ? 'You are not in any cohort.' : 'Not in any cohort.' }}</p>
        } @else {
          <ul class="record-list">
            @for (m of r.cohorts; track $index) {
              <li>
                <!-- One line on purpose: whitespace before the colon would show. -->
                @if (cohortBase(); as base) {<a [routerLink]="[base, m.cohort.id]">{{ m.cohort.name }}</a>} @else {{{ m.cohort.name }}}{{ membership(m) }}
              </li>
            }
          </ul>
        }
      </section>
    } @else if (request.error(); as error) {
      <equip-error-summary [items]="[{ message: error.status === 404 ? notFound : (error.problem.detail ?? error.problem.title) }]" />
    } @else {
      <p role="status">Loading the record of learning…</p>
    }
  `,
  styles: `
    .record-section {
      margin-block-end: 2rem;
    }
    h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.5rem;
    }
    h3 {
      font: var(--mat-sys-title-medium);
      margin: 1rem 0 0.5rem;
    }
    .record-figures {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      list-style: none;
      padding: 0;
      margin: 0 0 1rem;
    }
    .record-figures li {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 0.5rem;
      padding: 0.5rem 0.75rem;
      min-width: 7rem;
      display: flex;
      flex-direction: column;
    }
    .record-figure-value {
      font: var(--mat-sys-headline-small);
    }
    .record-downloads {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
    }
    .record-list li {
      margin-block-end: 0.5rem;
    }
    .record-source {
      display: block;
    }
    .record-extend {
      display: block;
      margin-inline-start: -0.75rem;
    }
  `,
})
export class PersonRecordView {
  private readonly api = inject(OrganisationApi);
  readonly staffId = input.required<string>();
  /** The viewer is the person themself ("you"). */
  readonly self = input(false);
  readonly certificateAccess = input<RecordCertificateAccess>('list');
  /** Where a cohort's page lives for this viewer (an equity lead's cohorts), or null to show names only. */
  readonly cohortBase = input<string | null>(null);
  /** The viewer may give more attempts at knowledge checks (a lead or administrator; never to themself). */
  readonly grantAttempts = input(false);

  private readonly session = inject(SessionStore);
  /** Never on one's own record: the api refuses both to a lead or administrator for themself. */
  private readonly someoneElse = computed(() => !this.self() && this.session.user()?.id !== this.staffId());
  protected readonly canGrant = computed(() => this.grantAttempts() && this.someoneElse());
  protected readonly mayExtend = computed(() => this.canExtend() && this.someoneElse());
  /** The check being granted more attempts, while the api answers. */
  protected readonly granting = signal<string | null>(null);
  protected readonly granted = signal('');
  protected readonly grantError = signal<string | null>(null);
  private readonly allowancesHeading = viewChild<ElementRef<HTMLElement>>('allowances');
  private readonly injector = inject(Injector);

  /** The viewer may extend this person's due dates (their lead, an administrator). */
  readonly canExtend = input(false);
  private readonly dialog = inject(MatDialog);
  /** Said once an extension is saved (a polite live region). */
  protected readonly announcement = signal('');

  protected readonly request = latestRequest((staffId: string) => this.api.record(staffId));
  protected readonly record = this.request.value;
  protected readonly notFound = 'There is no staff member with this address in the departments you can see.';
  protected readonly csvPath = computed(() => personRecordPath(this.staffId(), 'csv'));
  protected readonly pdfPath = computed(() => personRecordPath(this.staffId(), 'pdf'));

  protected readonly figures = computed(() => {
    const r = this.record();
    if (!r) return [];
    return [...STATUS_ORDER.map((s) => ({ label: RECORD_STATUS_LABELS[s], value: r.summary[s] })), { label: 'Certificates', value: r.summary.certificates }];
  });

  protected readonly exemptions = computed(() => (this.record()?.assignments ?? []).filter((a) => a.exemption !== null));
  /** Every extension, latest first, with the work it was for. */
  protected readonly extensions = computed(() =>
    (this.record()?.assignments ?? []).flatMap((a) => a.extensions.map((x) => ({ ...x, title: a.subject.title }))).sort((a, b) => b.at.localeCompare(a.at)),
  );

  /** Open, current work with a due date can be extended; the api checks the rest. */
  protected extendable(a: RecordAssignment): boolean {
    return a.current && a.dueOn !== null && a.completedAt === null && a.status !== 'exempt';
  }

  protected async extend(person: PersonRecord['person'], a: RecordAssignment): Promise<void> {
    this.announcement.set('');
    const name = `${person.firstName} ${person.lastName}`;
    const done = await extendDueDate(this.dialog, { assignmentId: a.id, personName: name, title: a.subject.title, dueOn: a.dueOn });
    if (!done?.dueOn) return;
    this.announcement.set(`${a.subject.title} is now due ${this.dueDay(done.dueOn)}. ${person.firstName} will be told by email.`);
    this.request.reload();
  }

  constructor() {
    effect(() => this.request.load(this.staffId()));
  }

  protected allowanceKey(k: RecordKnowledgeCheckAllowance): string {
    return `${k.course.slug}:${k.lessonSlug}`;
  }

  protected outOfAttempts(k: RecordKnowledgeCheckAllowance): boolean {
    return !k.passed && !k.courseRetired && k.attemptsUsed >= k.attemptsAllowed;
  }

  /** "Equity basics, Check your understanding: 2 of 3 attempts used, passed" / "…, all used". */
  protected allowance(k: RecordKnowledgeCheckAllowance): string {
    const state = k.passed ? 'passed' : this.outOfAttempts(k) ? 'all used, not passed' : k.courseRetired ? 'course retired' : 'not passed yet';
    return `${k.course.title}, ${k.lessonTitle}: ${k.attemptsUsed} of ${k.attemptsAllowed} ${k.attemptsAllowed === 1 ? 'attempt' : 'attempts'} used, ${state}.`;
  }

  /** "1 more attempt given Dec 4, 2026 by Emily Sullivan." */
  protected grantLine(g: RecordKnowledgeCheckAllowance['grants'][number]): string {
    const by = g.by ? ` by ${this.self() && g.by.id === this.staffId() ? 'you' : `${g.by.firstName} ${g.by.lastName}`}` : '';
    return `${g.extraAttempts} more ${g.extraAttempts === 1 ? 'attempt' : 'attempts'} given ${this.day(g.at)}${by}.`;
  }

  /** Gives one more attempt (audited by the api), then reads the record again to show it. */
  protected async grant(k: RecordKnowledgeCheckAllowance): Promise<void> {
    const person = this.record()?.person;
    if (!person) return;
    this.grantError.set(null);
    this.granted.set('');
    this.granting.set(this.allowanceKey(k));
    try {
      const result = await firstValueFrom(this.api.grantAttempts({ staffId: person.id, courseSlug: k.course.slug, lessonSlug: k.lessonSlug, extraAttempts: 1 }));
      const left = result.attemptsAllowed - result.attemptsUsed;
      this.granted.set(`${person.firstName} ${person.lastName} can try “${k.lessonTitle}” again: ${left} ${left === 1 ? 'attempt' : 'attempts'} left.`);
      this.request.reload();
      // The button goes once the record shows the grant: keep keyboard focus in the section.
      afterNextRender(() => this.allowancesHeading()?.nativeElement.focus(), { injector: this.injector });
    } catch (error) {
      const problem = toProblem(error);
      this.grantError.set(problem.detail ?? problem.title ?? 'Something went wrong. Try again.');
    } finally {
      this.granting.set(null);
    }
  }

  protected day(iso: string): string {
    return formatCityDate(iso, 'medium');
  }

  protected dueDay(day: string): string {
    return formatDueDay(day, 'medium');
  }

  protected status(status: AssignmentStatus): string {
    return RECORD_STATUS_LABELS[status] ?? 'Unknown';
  }

  protected months(n: number): string {
    return n === 12 ? 'year' : n === 1 ? 'month' : `${n} months`;
  }

  protected lessons(done: number, total: number): string {
    return `${done} of ${total} ${total === 1 ? 'lesson' : 'lessons'} done`;
  }

  protected subjectLink(a: RecordAssignment): string[] {
    return [a.subject.kind === 'course' ? '/learn/courses' : '/learn/tracks', a.subject.slug];
  }

  protected reason(reason: MembershipReason | null): string {
    if (reason === null) return '';
    return (MEMBERSHIP_REASON_LABELS as Record<string, string>)[reason] ?? 'changed';
  }

  /** ": joined Mar 3, 2026 (added by hand), left …" — after the cohort's name. */
  protected membership(m: RecordCohortMembership): string {
    const joined = `${m.cohort.archived ? ' (archived)' : ''}: joined ${this.day(m.joinedAt)} (${this.reason(m.joinReason).toLowerCase()})`;
    return m.leftAt ? `${joined}, left ${this.day(m.leftAt)} (${this.reason(m.leaveReason).toLowerCase()})` : joined;
  }

  /**
   * "Nudged Dec 4, 2026 by Emily Sullivan: Equity basics (emailed)"; "Overdue reminder, Dec 4, 2026: …".
   * On the person's own record: "You were nudged …", "Overdue, told your equity lead …", "emailed to you".
   */
  protected reminder(n: RecordReminder): string {
    const self = this.self();
    const to = n.kind === 'escalation' ? (self ? ' to your lead' : ' to the lead') : self ? ' to you' : '';
    const delivery = n.delivery === 'sent' ? `emailed${to}` : n.delivery === 'pending' ? `in the next email${to}` : 'shown in Equip only';
    if (n.kind === 'nudge') return `${self ? 'You were nudged' : 'Nudged'} ${this.day(n.createdAt)}${n.by ? ` by ${n.by.firstName} ${n.by.lastName}` : ''}: ${n.subjectTitle} (${delivery})`;
    const label = ((self ? MY_RECORD_REMINDER_LABELS : RECORD_REMINDER_LABELS) as Record<string, string>)[n.kind] ?? 'Reminder';
    const by = n.by ? ` (${n.by.firstName} ${n.by.lastName})` : '';
    return `${label}${by}, ${this.day(n.createdAt)}: ${n.subjectTitle} (${delivery})`;
  }
}
