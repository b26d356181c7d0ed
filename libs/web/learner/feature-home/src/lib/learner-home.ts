import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { MyAssignment } from '@equip/shared/contracts';
import { MyLearningStore } from '@equip/web/learner/data-access';
import { CourseCard } from '@equip/web/learner/ui';
import { SessionStore } from '@equip/web/shared/data-access';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';
import { AssignmentList } from './assignment-list';

/**
 * "My learning": my assigned work first, as one task list in the order to do it (overdue, due soon,
 * in progress, the rest), then a few catalog courses meant for someone like me, then what I have
 * completed (each with its certificate).
 */
@Component({
  selector: 'equip-learner-home',
  imports: [PageHeader, ErrorSummary, AssignmentList, CourseCard, RouterLink],
  providers: [MyLearningStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="My learning">
      @if (user(); as user) {
        <p>Welcome, {{ user.firstName }}. Your department: {{ user.department.name }} ({{ user.department.code }}).</p>
      }
    </equip-page-header>

    @if (home.error(); as error) {
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
    } @else if (todo(); as list) {
      <section class="equip-section" aria-labelledby="learn-todo">
        <h2 id="learn-todo">Your assigned work</h2>
        @if (list.length) {
          <p class="equip-hint">{{ summary() }}</p>
          <equip-assignment-list [assignments]="list" />
        } @else {
          <p>
            @if (completed().length) {
              You are up to date: everything assigned to you is complete.
            }
            Nothing new is assigned to you. Courses and tracks assigned by your department's equity lead or by the Office of
            Race and Social Equity will appear here, with their due dates.
          </p>
        }
      </section>

      @if (store.suggestions().length) {
        <section class="equip-section" aria-labelledby="learn-suggestions">
          <h2 id="learn-suggestions">Suggested for you</h2>
          <ul class="learn-cards">
            @for (course of store.suggestions(); track course.slug) {
              <li><equip-course-card [course]="course" [headingLevel]="3" /></li>
            }
          </ul>
          <p><a routerLink="/learn/catalog">Browse the whole catalog</a></p>
        </section>
      }

      @if (completed().length) {
        <section class="equip-section" aria-labelledby="learn-completed">
          <h2 id="learn-completed">Completed</h2>
          <equip-assignment-list [assignments]="completed()" />
        </section>
      }
    } @else {
      <p role="status">Loading your learning…</p>
    }
  `,
  styles: `
    .learn-cards {
      display: grid;
      gap: 0.75rem;
      margin: 0 0 1rem;
      padding: 0;
      list-style: none;
    }
  `,
})
export class LearnerHome {
  protected readonly store = inject(MyLearningStore);
  protected readonly user = inject(SessionStore).user;
  protected readonly home = this.store.home;

  /** What is left to do, in the order to do it: overdue, due soon, in progress, the rest. */
  protected readonly todo = computed<MyAssignment[] | undefined>(() => {
    const sections = this.store.sections();
    if (!sections) return undefined;
    return [...sections.overdue, ...sections.dueSoon, ...sections.inProgress, ...sections.upcoming];
  });
  /** "3 to do, 1 overdue." */
  protected readonly summary = computed(() => {
    const sections = this.store.sections();
    const todo = this.todo()?.length ?? 0;
    const overdue = sections?.overdue.length ?? 0;
    return `${todo} to do${overdue ? `, ${overdue} overdue` : ''}.`;
  });
  protected readonly completed = computed(() => this.store.sections()?.completed ?? []);

  constructor() {
    this.store.load();
  }
}
