import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { MyAssignment } from '@equip/shared/contracts';
import { DUE_SOON_DAYS, MyLearningStore } from '@equip/web/learner/data-access';
import { CourseCard } from '@equip/web/learner/ui';
import { SessionStore } from '@equip/web/shared/data-access';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';
import { AssignmentList } from './assignment-list';

interface HomeSection {
  id: string;
  heading: string;
  assignments: MyAssignment[];
}

/**
 * "My learning": what is on my plate — overdue first, then due soon, then in progress, then the
 * rest of what is assigned — then a few catalog courses to start, then what I have completed.
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
    } @else if (sections(); as list) {
      @for (section of list; track section.id) {
        <section class="equip-section" [attr.aria-labelledby]="section.id">
          <h2 [id]="section.id">{{ section.heading }}</h2>
          <equip-assignment-list [assignments]="section.assignments" />
        </section>
      } @empty {
        <p>
          @if (completed().length) {
            You are up to date: everything assigned to you is complete.
          }
          Nothing new is assigned to you. Courses and tracks assigned by your department's equity lead or by the Office of
          Race and Social Equity will appear here, with their due dates.
        </p>
      }

      @if (store.suggestions().length) {
        <section class="equip-section" aria-labelledby="learn-suggestions">
          <h2 id="learn-suggestions">Suggestions</h2>
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

  protected readonly sections = computed<HomeSection[] | undefined>(() => {
    const sections = this.store.sections();
    if (!sections) return undefined;
    return [
      { id: 'learn-overdue', heading: 'Overdue', assignments: sections.overdue },
      { id: 'learn-due-soon', heading: `Due soon (within ${DUE_SOON_DAYS} days)`, assignments: sections.dueSoon },
      { id: 'learn-in-progress', heading: 'In progress', assignments: sections.inProgress },
      { id: 'learn-assigned', heading: 'Assigned to you', assignments: sections.upcoming },
    ].filter((section) => section.assignments.length > 0);
  });
  protected readonly completed = computed(() => this.store.sections()?.completed ?? []);

  constructor() {
    this.store.load();
  }
}
