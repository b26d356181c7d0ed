import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { NOTIFICATION_KIND_LABELS, type NotificationItem, type NotificationPreferences } from '@equip/shared/contracts';
import { ASSIGNMENT_STATUS_LABELS, NotificationsApi, UnreadNotifications, formatCityDate, formatDueDay } from '@equip/web/learner/data-access';
import { latestRequest, type ApiError } from '@equip/web/shared/data-access';
import { ErrorSummary, PageHeader, Pagination } from '@equip/web/shared/ui';

export const NOTIFICATIONS_PAGE_SIZE = 20;

/** What one notification says in a sentence (the kind is also its own text, never only a colour). */
export function notificationSummary(item: NotificationItem): string {
  const due = item.assignment.dueOn ? formatDueDay(item.assignment.dueOn) : null;
  switch (item.kind) {
    case 'due_soon':
      return `Due ${due ? `on ${due}, ` : ''}within ${item.threshold} ${item.threshold === 1 ? 'day' : 'days'}.`;
    case 'due_today':
      return due ? `Due by the end of ${due}.` : 'Due today.';
    case 'overdue':
      return due ? `It was due ${due}.` : 'It is past its due date.';
    case 'escalation':
      return `${item.person ? `${item.person.firstName} ${item.person.lastName}` : 'Someone'} is overdue${due ? ` (due ${due})` : ''}${item.cohort ? `, in ${item.cohort.name}` : ''}.`;
    case 'nudge':
      return `Your equity lead asked us to remind you${due ? ` (due ${due})` : ''}.`;
  }
}

/**
 * "Notifications": my reminders, newest first, a page at a time, with what is unread, a way to mark
 * them read, and whether reminders for the trainings I chose myself also come by email.
 */
@Component({
  selector: 'equip-notifications-page',
  imports: [PageHeader, ErrorSummary, Pagination, RouterLink, MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Notifications" />

    @if (notifications.error(); as error) {
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
    } @else if (notifications.value(); as list) {
      <div class="notifications__bar">
        <p role="status">{{ list.unread === 0 ? 'No unread notifications.' : list.unread === 1 ? '1 unread notification.' : list.unread + ' unread notifications.' }}</p>
        @if (list.unread > 0) {
          <button matButton="outlined" type="button" [disabled]="busy()" (click)="markAllRead()">Mark all as read</button>
        }
      </div>
      @if (list.items.length) {
        <ul class="notifications">
          @for (item of list.items; track item.id) {
            <li class="notifications__item" [class.notifications__item--unread]="!item.readAt">
              <h2>
                <a [routerLink]="item.assignment.path">{{ item.assignment.title }}</a>
              </h2>
              <p>
                <strong>{{ kindLabel[item.kind] }}{{ item.readAt ? '' : ' (unread)' }}</strong>. {{ summary(item) }}
                @if (item.kind !== 'escalation') {
                  Status: {{ statusLabel[item.assignment.status] }}.
                }
              </p>
              <p class="notifications__meta">
                {{ item.delivery === 'sent' ? 'Also sent by email' : item.delivery === 'pending' ? 'Email on its way' : 'Shown here only' }},
                {{ cityDate(item.createdAt) }}.
              </p>
              @if (!item.readAt) {
                <button matButton="text" type="button" [disabled]="busy()" (click)="markRead(item)">
                  Mark as read<span class="equip-visually-hidden">: {{ item.assignment.title }}</span>
                </button>
              }
            </li>
          }
        </ul>
        <equip-pagination label="Notification pages" [page]="list.page" [pageSize]="list.pageSize" [total]="list.total" (pageChange)="load($event)" />
      } @else {
        <p>You have no notifications. Reminders appear here a few days before a training is due, and when it is overdue.</p>
      }
    } @else {
      <p role="status">Loading your notifications…</p>
    }

    <section class="preferences" aria-labelledby="email-heading">
      <h2 id="email-heading">Reminder email</h2>
      <p>Reminders for trainings assigned to you are always sent by email too; they cannot be turned off.</p>
      @if (preferences(); as current) {
        <p class="preferences__choice">
          <input
            type="checkbox"
            id="optional-training-email"
            [checked]="current.optionalTrainingEmail"
            [disabled]="saving()"
            (change)="setOptionalEmail($any($event.target).checked)"
          />
          <label for="optional-training-email">Email me reminders for trainings I chose myself</label>
        </p>
      }
      @if (preferenceError(); as error) {
        <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
      }
      <p role="status" class="preferences__saved">{{ saved() }}</p>
    </section>
  `,
  styles: `
    .notifications__bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
    }
    .notifications {
      margin: 0;
      padding: 0;
      list-style: none;
      max-width: 70ch;
    }
    .notifications__item {
      border-block-end: 1px solid var(--mat-sys-outline-variant);
      border-inline-start: 4px solid transparent;
      padding: 0.75rem 0 0.75rem 0.75rem;
      overflow-wrap: anywhere;
    }
    .notifications__item--unread {
      border-inline-start-color: var(--mat-sys-primary);
    }
    .notifications__item h2 {
      font: var(--mat-sys-title-medium);
      margin: 0 0 0.25rem;
    }
    .notifications__item p {
      margin: 0 0 0.25rem;
    }
    .notifications__meta {
      color: var(--mat-sys-on-surface-variant);
    }
    .preferences {
      margin-block-start: 2rem;
      max-width: 70ch;
    }
    .preferences h2 {
      font: var(--mat-sys-title-large);
    }
    .preferences__choice {
      display: flex;
      gap: 0.5rem;
      align-items: center;
    }
  `,
})
export class NotificationsPage {
  private readonly api = inject(NotificationsApi);
  private readonly unread = inject(UnreadNotifications);
  protected readonly notifications = latestRequest((page: number) => this.unread.track(this.api.list(page, NOTIFICATIONS_PAGE_SIZE)));
  protected readonly preferences = signal<NotificationPreferences | undefined>(undefined);
  protected readonly preferenceError = signal<ApiError | undefined>(undefined);
  protected readonly busy = signal(false);
  protected readonly saving = signal(false);
  protected readonly saved = signal('');
  protected readonly kindLabel = NOTIFICATION_KIND_LABELS;
  protected readonly statusLabel = ASSIGNMENT_STATUS_LABELS;
  protected readonly cityDate = formatCityDate;
  protected readonly summary = notificationSummary;

  constructor() {
    this.load(1);
    this.api.preferences().subscribe({ next: (p) => this.preferences.set(p), error: (e: ApiError) => this.preferenceError.set(e) });
  }

  protected load(page: number): void {
    this.notifications.load(page);
  }

  protected markRead(item: NotificationItem): void {
    this.mark({ ids: [item.id] });
  }

  protected markAllRead(): void {
    this.mark({ all: true });
  }

  protected setOptionalEmail(on: boolean): void {
    const current = this.preferences();
    if (!current) return;
    this.saving.set(true);
    this.saved.set('');
    this.api.setPreferences({ ...current, optionalTrainingEmail: on }).subscribe({
      next: (p) => {
        this.preferences.set(p);
        this.preferenceError.set(undefined);
        this.saved.set(p.optionalTrainingEmail ? 'Saved: reminders for trainings you chose are emailed.' : 'Saved: reminders for trainings you chose are shown here only.');
        this.saving.set(false);
      },
      error: (e: ApiError) => {
        this.preferenceError.set(e);
        this.saving.set(false);
      },
    });
  }

  private mark(request: { ids?: string[]; all?: boolean }): void {
    this.busy.set(true);
    this.unread.track(this.api.markRead(request)).subscribe({
      next: () => {
        this.busy.set(false);
        this.notifications.reload();
      },
      error: () => {
        this.busy.set(false);
        this.notifications.reload();
      },
    });
  }
}
