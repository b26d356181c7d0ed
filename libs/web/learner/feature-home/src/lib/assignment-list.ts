import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { MyAssignment } from '@equip/shared/contracts';
import { ASSIGNMENT_STATUS_LABELS, formatDueDay } from '@equip/web/learner/data-access';

/** One section's assignments: title (h3), due date in the city's time, status in words, progress and the next step. */
@Component({
  selector: 'equip-assignment-list',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="assignments">
      @for (item of assignments(); track item.id) {
        <li class="assignment">
          <h3 class="assignment__title">{{ item.title }}</h3>
          <p class="assignment__facts">
            <span>{{ item.dueOn ? 'Due ' + dueDay(item.dueOn) : 'No due date' }}</span>
            <span class="assignment__status" [class]="'assignment__status--' + item.status">
              <span aria-hidden="true">{{ icons[item.status] }} </span>{{ statusLabels[item.status] }}
            </span>
            <span>{{ item.progress.done }} of {{ item.progress.total }} {{ item.kind === 'course' ? 'lessons' : 'courses' }}</span>
          </p>
          <a [routerLink]="[item.kind === 'course' ? '/learn/courses' : '/learn/tracks', item.slug]"
            >{{ action(item) }}<span class="equip-visually-hidden">: {{ item.title }}</span></a
          >
        </li>
      }
    </ul>
  `,
  styles: `
    .assignments {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .assignment {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 1rem;
      margin-block-end: 0.75rem;
      overflow-wrap: anywhere;
    }
    .assignment__title {
      font: var(--mat-sys-title-medium);
      margin: 0 0 0.25rem;
    }
    .assignment__facts {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      margin: 0 0 0.5rem;
      font: var(--mat-sys-body-medium);
    }
    .assignment__status {
      font-weight: 600;
    }
    .assignment__status--overdue {
      color: var(--mat-sys-error);
    }
  `,
})
export class AssignmentList {
  readonly assignments = input.required<readonly MyAssignment[]>();

  protected readonly statusLabels = ASSIGNMENT_STATUS_LABELS;
  protected readonly icons: Record<MyAssignment['status'], string> = {
    overdue: '!',
    in_progress: '◐',
    not_started: '○',
    completed: '✓',
    exempt: '–',
  };
  protected readonly dueDay = formatDueDay;

  protected action(item: MyAssignment): string {
    if (item.status === 'completed') return 'Review';
    if (item.kind === 'track') return 'Open track';
    return item.enrollmentId ? 'Resume' : 'Start';
  }
}
