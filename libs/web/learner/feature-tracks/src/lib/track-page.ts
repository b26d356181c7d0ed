import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { TrackProgress } from '@equip/shared/contracts';
import { ASSIGNMENT_STATUS_LABELS, TrackStore, formatCityDate } from '@equip/web/learner/data-access';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';

type StepStatus = TrackProgress['steps'][number]['status'];

/** One track: its steps in order with my status in each (in words), and the competency it earns. */
@Component({
  selector: 'equip-track-page',
  imports: [PageHeader, ErrorSummary, RouterLink],
  providers: [TrackStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (track.error(); as error) {
      <equip-page-header heading="Track not available" />
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
      <p><a routerLink="/learn/tracks">All tracks</a></p>
    } @else if (track.value(); as detail) {
      <equip-page-header [heading]="detail.title">
        <p>{{ detail.summary }}</p>
      </equip-page-header>

      @if (detail.completedAt) {
        <p><strong><span aria-hidden="true">✓ </span>Completed on {{ cityDate(detail.completedAt) }}.</strong></p>
      }
      @if (detail.awards; as award) {
        <section class="equip-section" aria-labelledby="track-award">
          <h2 id="track-award">Competency earned</h2>
          <p>
            {{ award.competencyName }}: {{ award.level }}
            {{ detail.completedAt ? '— earned.' : '— earned when you complete every required course below.' }}
          </p>
        </section>
      }

      <section class="equip-section" aria-labelledby="track-steps">
        <h2 id="track-steps">Steps</h2>
        <ol class="track-steps">
          @for (step of detail.steps; track step.course.slug) {
            <li>
              <a [routerLink]="['/learn/courses', step.course.slug]">{{ step.course.title }}</a>
              <span class="equip-hint"> — {{ step.optional ? 'Elective' : 'Required' }}, {{ statusLabel(step.status) }}</span>
            </li>
          }
        </ol>
      </section>
      <p><a routerLink="/learn/tracks">All tracks</a></p>
    } @else {
      <p role="status">Loading the track…</p>
    }
  `,
  styles: `
    .track-steps {
      padding-inline-start: 1.5rem;
    }
    .track-steps li + li {
      margin-block-start: 0.5rem;
    }
  `,
})
export class TrackPage {
  private readonly store = inject(TrackStore);
  protected readonly track = this.store.track;
  protected readonly cityDate = formatCityDate;

  constructor() {
    inject(ActivatedRoute)
      .paramMap.pipe(takeUntilDestroyed())
      .subscribe((params) => this.store.load(params.get('slug') ?? ''));
  }

  protected statusLabel(status: StepStatus): string {
    return status === 'not_enrolled' ? 'not started' : ASSIGNMENT_STATUS_LABELS[status].toLowerCase();
  }
}
