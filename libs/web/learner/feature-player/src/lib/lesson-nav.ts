import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { MyEnrollment } from '@equip/shared/contracts';
import { LESSON_STATE_LABELS } from '@equip/web/learner/data-access';

/**
 * The course's lessons with my progress: each state in words and an icon (done, available,
 * locked), the open lesson marked `aria-current="page"`, locked lessons not links.
 */
@Component({
  selector: 'equip-lesson-nav',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="lesson-nav" [attr.aria-label]="'Lessons in ' + enrollment().courseTitle">
      <p class="lesson-nav__progress">{{ doneCount() }} of {{ enrollment().lessons.length }} lessons done</p>
      <ol class="lesson-nav__list">
        @for (lesson of enrollment().lessons; track lesson.slug) {
          @let current = lesson.slug === currentLesson();
          <li class="lesson-nav__item" [class.lesson-nav__item--current]="current">
            <span class="lesson-nav__icon" aria-hidden="true">
              @if (lesson.state === 'locked') {
                <!-- A padlock drawn, not an emoji: phones and city machines may lack an emoji font. -->
                <svg width="14" height="14" viewBox="0 0 16 16" focusable="false">
                  <path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 1 0-4 0z" />
                </svg>
              } @else {
                {{ lesson.state === 'done' ? '✓' : '○' }}
              }
            </span>
            @if (lesson.state === 'locked') {
              <span class="lesson-nav__title">{{ lesson.title }}</span>
            } @else {
              <a
                class="lesson-nav__title"
                [routerLink]="['/learn/courses', enrollment().courseSlug, 'lessons', lesson.slug]"
                [attr.aria-current]="current ? 'page' : null"
                >{{ lesson.title }}</a
              >
            }
            <span class="lesson-nav__state">{{ labels[lesson.state] }}{{ lesson.required ? '' : ', optional' }}</span>
          </li>
        }
      </ol>
    </nav>
  `,
  styles: `
    .lesson-nav__progress {
      font-weight: 600;
      margin: 0 0 0.5rem;
    }
    .lesson-nav__list {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .lesson-nav__item {
      display: grid;
      grid-template-columns: 1.5rem 1fr;
      padding: 0.5rem;
      border-inline-start: 4px solid transparent;
      overflow-wrap: anywhere;
    }
    .lesson-nav__item--current {
      border-inline-start-color: var(--mat-sys-primary);
      background: var(--mat-sys-surface-container);
      font-weight: 700;
    }
    .lesson-nav__state {
      grid-column: 2;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class LessonNav {
  readonly enrollment = input.required<MyEnrollment>();
  readonly currentLesson = input<string | undefined>(undefined);

  protected readonly labels = LESSON_STATE_LABELS;
  protected readonly doneCount = computed(() => this.enrollment().lessons.filter((lesson) => lesson.state === 'done').length);
}
