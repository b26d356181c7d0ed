import { Injectable, inject, signal } from '@angular/core';
import type {
  MarkNotificationsReadRequest,
  MarkNotificationsReadResult,
  NotificationPage,
  NotificationPreferences,
} from '@equip/shared/contracts';
import { ApiClient } from '@equip/web/shared/data-access';
import { Observable, tap } from 'rxjs';

/** My notifications (`/api/notifications/*`, contract: notifications.ts). Every call acts on my own only. */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly api = inject(ApiClient);

  list(page: number, pageSize: number): Observable<NotificationPage> {
    return this.api.get('/api/notifications', { page, pageSize });
  }

  markRead(request: MarkNotificationsReadRequest): Observable<MarkNotificationsReadResult> {
    return this.api.post('/api/notifications/read', request);
  }

  preferences(): Observable<NotificationPreferences> {
    return this.api.get('/api/notifications/preferences');
  }

  setPreferences(preferences: NotificationPreferences): Observable<NotificationPreferences> {
    return this.api.put('/api/notifications/preferences', preferences);
  }
}

/**
 * How many of my notifications are unread, for the learner navigation. One for the app: the
 * notifications page updates it when it loads a page or marks some read.
 */
@Injectable({ providedIn: 'root' })
export class UnreadNotifications {
  private readonly api = inject(NotificationsApi);
  private readonly count = signal<number | undefined>(undefined);
  readonly unread = this.count.asReadonly();

  /** Asks the api (one small page) for the count; a failure leaves the count unknown, never blocks the page. */
  refresh(): void {
    this.api.list(1, 1).subscribe({ next: (page) => this.count.set(page.unread), error: () => undefined });
  }

  set(unread: number): void {
    this.count.set(unread);
  }

  /** Keeps the count in step with a call that answers with it. */
  track<T extends { unread: number }>(request: Observable<T>): Observable<T> {
    return request.pipe(tap((answer) => this.count.set(answer.unread)));
  }
}

/** The navigation label: the unread count in words, so a screen reader says it too. */
export function notificationsLabel(unread: number | undefined): string {
  return unread ? `Notifications (${unread} unread)` : 'Notifications';
}
