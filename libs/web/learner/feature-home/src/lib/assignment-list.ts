import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { certificatePdfPath, type MyAssignment } from '@equip/shared/contracts';
import { ASSIGNMENT_STATUS_LABELS, assignedByText, completedText, dueText, minutesText, sizeText } from '@equip/web/learner/data-access';

/** Where an item's action goes and what it says. */
interface TaskAction {
  label: string;
  link: string[];
  queryParams: Record<string, string> | null;
}

/**
 * Work as a task list (after GOV.UK's task-list pattern): each item's title (h3), its facts in one
 * line (due date in the city's time with how far off it is, estimated minutes, lesson count, who
 * assigned it), a status tag in words, and one action. "Start" on a course not started opens its
 * first lesson (the player enrolls on the way in: no separate enroll step for assigned work); one
 * whose prerequisite is not done says which to finish first, and links it.
 * Completed work says when and links to its certificate.
 */
@Component({
  selector: 'equip-assignment-list',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="task-list">
      @for (item of assignments(); track item.id) {
        <li class="task">
          <div class="task__main">
            <h3 class="task__title">{{ item.title }}</h3>
            <p class="task__facts" [id]="'task-facts-' + item.id">
              @for (fact of facts(item); track $index) {
                <span>{{ fact }}</span>
              }
            </p>
          </div>
          <p class="task__status">
            <strong class="task__tag" [class]="'task__tag task__tag--' + item.status">{{ statusLabels[item.status] }}</strong>
          </p>
          <p class="task__actions">
            @if (action(item); as a) {
              <a [routerLink]="a.link" [queryParams]="a.queryParams">{{ a.label }}<span class="equip-visually-hidden">: {{ item.title }}</span></a>
            }
            @if (item.status === 'completed' && item.certificateId) {
              <a [href]="certificatePath(item.certificateId)" download>Download certificate<span class="equip-visually-hidden">: {{ item.title }}</span></a>
            }
          </p>
        </li>
      }
    </ul>
  `,
  styles: `
    .task-list {
      margin: 0;
      padding: 0;
      list-style: none;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .task {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 0.25rem 1rem;
      padding: 0.75rem 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      overflow-wrap: anywhere;
    }
    .task__main {
      grid-column: 1;
    }
    .task__title {
      font: var(--mat-sys-title-medium);
      margin: 0 0 0.25rem;
    }
    .task__facts {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      margin: 0;
      font: var(--mat-sys-body-medium);
    }
    .task__status {
      grid-column: 2;
      grid-row: 1;
      margin: 0;
      text-align: end;
    }
    .task__tag {
      display: inline-block;
      padding: 0.125rem 0.5rem;
      border-radius: 0.25rem;
      border: 1px solid currentColor;
      font-weight: 600;
    }
    .task__tag--overdue {
      color: var(--mat-sys-error);
    }
    .task__actions {
      grid-column: 1 / -1;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1.5rem;
      margin: 0.25rem 0 0;
    }
    @media (max-width: 30rem) {
      .task {
        grid-template-columns: 1fr;
      }
      .task__status {
        grid-column: 1;
        grid-row: auto;
        text-align: start;
      }
    }
  `,
})
export class AssignmentList {
  readonly assignments = input.required<readonly MyAssignment[]>();

  protected readonly statusLabels = ASSIGNMENT_STATUS_LABELS;
  protected readonly certificatePath = certificatePdfPath;

  protected facts(item: MyAssignment): string[] {
    const when = item.status === 'completed' ? completedText(item.completedAt) : dueText(item.dueOn);
    return [when, minutesText(item.estimatedMinutes), sizeText(item), assignedByText(item.sources)].filter((f): f is string => !!f);
  }

  protected action(item: MyAssignment): TaskAction | null {
    if (item.kind === 'track') return { label: item.status === 'completed' ? 'Review' : 'Open track', link: ['/learn/tracks', item.slug], queryParams: null };
    if (item.status === 'completed') return { label: 'Review', link: ['/learn/courses', item.slug], queryParams: null };
    // A course whose prerequisite is not done cannot be started yet: the action opens the one to finish first.
    const first = item.enrollmentId ? undefined : item.missingPrerequisites[0];
    if (first) return { label: `Finish “${first.title}” first`, link: ['/learn/courses', first.slug], queryParams: null };
    if (!item.enrollmentId && item.firstLessonSlug) {
      return { label: 'Start', link: ['/learn/courses', item.slug, 'lessons', item.firstLessonSlug], queryParams: { start: 'assigned' } };
    }
    return { label: item.enrollmentId ? 'Resume' : 'Start', link: ['/learn/courses', item.slug], queryParams: null };
  }
}
