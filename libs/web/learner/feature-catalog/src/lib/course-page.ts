import { ChangeDetectionStrategy, Component, computed, effect, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { Title } from '@angular/platform-browser';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { LessonState } from '@equip/shared/contracts';
import { CourseStore, LESSON_STATE_LABELS, LESSON_TYPE_LABELS, formatCityDate } from '@equip/web/learner/data-access';
import { AUDIENCE_LABELS } from '@equip/web/learner/ui';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';

/**
 * A course: summary, length, lessons, competencies, prerequisites, and the one next step — Enroll,
 * Resume, or the prerequisites still to complete (the api refuses enrolment with 409 until then).
 */
@Component({
  selector: 'equip-course-page',
  imports: [PageHeader, ErrorSummary, RouterLink, MatButton],
  providers: [CourseStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (course.error(); as error) {
      <equip-page-header heading="Course not available" />
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
      <p><a routerLink="/learn/catalog">Back to the catalog</a></p>
    } @else if (course.value(); as detail) {
      <equip-page-header [heading]="detail.title">
        <p>{{ detail.summary }}</p>
      </equip-page-header>

      <ul class="course-facts">
        <li>About {{ detail.estimatedMinutes }} minutes</li>
        <li>{{ detail.lessons.length }} lessons</li>
        <li>For {{ audience() }}</li>
      </ul>

      @if (store.enrolError(); as error) {
        <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" heading="You could not enroll" />
      }

      @if (detail.enrollment; as enrollment) {
        @if (enrollment.completedAt) {
          <p class="course-done"><span aria-hidden="true">✓ </span>Completed on {{ cityDate(enrollment.completedAt) }}.</p>
          <div class="equip-actions">
            <a matButton="outlined" [routerLink]="['/learn/courses', detail.slug, 'lessons', enrollment.lessons[0]?.slug]">Review the course</a>
            <a matButton="outlined" routerLink="/learn/certificates">My certificates</a>
          </div>
        } @else {
          <div class="equip-actions">
            <a matButton="filled" [routerLink]="['/learn/courses', detail.slug, 'lessons', enrollment.resumeLesson ?? enrollment.lessons[0]?.slug]">Resume</a>
          </div>
        }
      } @else if (detail.missingPrerequisites.length) {
        <section class="course-prerequisites" aria-labelledby="course-missing">
          <h2 id="course-missing">Complete these courses first</h2>
          <p>You can enroll once you have completed:</p>
          <ul>
            @for (course of detail.missingPrerequisites; track course.slug) {
              <li><a [routerLink]="['/learn/courses', course.slug]">{{ course.title }}</a></li>
            }
          </ul>
        </section>
      } @else {
        <div class="equip-actions">
          <button matButton="filled" type="button" [disabled]="store.enrolling()" (click)="enrol(detail.slug)">
            {{ store.enrolling() ? 'Enrolling…' : 'Enroll' }}
          </button>
        </div>
      }

      <section class="equip-section" aria-labelledby="course-lessons">
        <h2 id="course-lessons">Lessons</h2>
        <ol class="course-lessons">
          @for (lesson of detail.lessons; track lesson.slug; let i = $index) {
            <li>
              {{ lesson.title }}
              <span class="equip-hint">
                — {{ typeLabels[lesson.type] }}, {{ lesson.minutes }} min{{ lesson.required ? '' : ', optional' }}
                @if (states()[i]; as state) {
                  — {{ stateLabels[state] }}
                }
              </span>
            </li>
          }
        </ol>
      </section>

      @if (detail.competencies.length) {
        <section class="equip-section" aria-labelledby="course-competencies">
          <h2 id="course-competencies">Competencies you earn</h2>
          <ul class="equip-list">
            @for (award of detail.competencies; track award.competency) {
              <li>{{ award.competencyName }}: {{ award.level }}</li>
            }
          </ul>
        </section>
      }

      <section class="equip-section" aria-labelledby="course-prereq">
        <h2 id="course-prereq">Prerequisites</h2>
        @if (detail.prerequisites.length) {
          <ul class="equip-list">
            @for (course of detail.prerequisites; track course.slug) {
              <li><a [routerLink]="['/learn/courses', course.slug]">{{ course.title }}</a></li>
            }
          </ul>
        } @else {
          <p>None: anyone can start this course.</p>
        }
      </section>
    } @else {
      <p role="status">Loading the course…</p>
    }
  `,
  styles: `
    .course-facts {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1.5rem;
      margin: 0 0 1rem;
      padding: 0;
      list-style: none;
    }
    .course-prerequisites {
      border: 3px solid var(--mat-sys-error);
      border-radius: 4px;
      padding: 1rem;
      margin-block-end: 1.5rem;
      max-width: 65ch;
    }
    .course-prerequisites h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.5rem;
    }
    .course-done {
      font-weight: 600;
    }
    .course-lessons {
      padding-inline-start: 1.5rem;
    }
    .course-lessons li + li {
      margin-block-start: 0.5rem;
    }
  `,
})
export class CoursePage {
  protected readonly store = inject(CourseStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly course = this.store.course;
  protected readonly typeLabels = LESSON_TYPE_LABELS;
  protected readonly stateLabels = LESSON_STATE_LABELS;
  protected readonly cityDate = formatCityDate;
  protected readonly audience = computed(() => {
    const audience = this.course.value()?.audience;
    return audience ? AUDIENCE_LABELS[audience].toLowerCase() : '';
  });
  /** My state in each lesson, once enrolled (same order as the course's lessons). */
  protected readonly states = computed<(LessonState | undefined)[]>(() => {
    const detail = this.course.value();
    const byLesson = new Map((detail?.enrollment?.lessons ?? []).map((lesson) => [lesson.slug, lesson.state]));
    return (detail?.lessons ?? []).map((lesson) => byLesson.get(lesson.slug));
  });

  constructor() {
    this.route.paramMap.pipe(takeUntilDestroyed()).subscribe((params) => this.store.load(params.get('slug') ?? ''));
    // The route's title is only "Course"; name the course once it is known.
    const title = inject(Title);
    effect(() => {
      const detail = this.course.value();
      if (detail) title.setTitle(`${detail.title} – Equip`);
    });
  }

  protected async enrol(slug: string): Promise<void> {
    const enrollment = await this.store.enrol(slug);
    const first = enrollment?.resumeLesson ?? enrollment?.lessons[0]?.slug;
    if (first) await this.router.navigate(['/learn/courses', slug, 'lessons', first]);
  }
}
