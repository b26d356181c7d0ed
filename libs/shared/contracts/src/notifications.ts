import type { AssignmentStatus } from './learning';
import type { Page } from './organisation';

/**
 * Reminders and in-app notifications (`/api/notifications/*`). Every route acts on the signed-in
 * person's own notifications only. The worker writes them (the daily sweep, escalations, nudges);
 * the api only reads them, marks them read and keeps the email preference.
 *
 *   GET  /api/notifications?page=&pageSize=&unreadOnly=   → NotificationPage (newest first)
 *   POST /api/notifications/read  MarkNotificationsReadRequest → { unread }
 *   GET  /api/notifications/preferences                   → NotificationPreferences
 *   PUT  /api/notifications/preferences NotificationPreferences → NotificationPreferences
 *        (400 naming `assignedTrainingEmail` when asked to turn assigned-training email off)
 */

/**
 * What a notification says. `due_soon` carries the threshold it crossed (days before the due date,
 * `REMINDER_DAYS_BEFORE`); `overdue` repeats every `OVERDUE_REPEAT_DAYS`; `escalation` goes to the
 * equity lead who assigned the work once it is `ESCALATE_AFTER_DAYS` overdue; `nudge` is a lead's
 * explicit reminder.
 */
export const NOTIFICATION_KINDS = ['due_soon', 'due_today', 'overdue', 'escalation', 'nudge'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Which email a notification travels in: the learner's daily digest, the lead's escalation digest, or a nudge mail. */
export type DigestKind = 'learner' | 'escalation' | 'nudge';

/** `pending` = in the next email; `sent`; `not_sent` = in-app only (email turned off, or no longer due when the mail went out). */
export type NotificationDelivery = 'pending' | 'sent' | 'not_sent';

export interface NotificationItem {
  id: string;
  kind: NotificationKind;
  /** due_soon: days before the due date; overdue: how many repeats came before this one (0 = first). */
  threshold: number | null;
  /** City-local day (YYYY-MM-DD) the reminder is for. */
  day: string;
  createdAt: string;
  readAt: string | null;
  delivery: NotificationDelivery;
  assignment: {
    id: string;
    kind: 'course' | 'track';
    slug: string;
    title: string;
    /** The due day, YYYY-MM-DD, in the city's time zone. */
    dueOn: string | null;
    /** Now, by the one status rule. */
    status: AssignmentStatus;
    /** Path inside the app, e.g. `/learn/courses/equity-basics`. */
    path: string;
  };
  /** Escalations only: the person who is overdue (the notification goes to their equity lead). */
  person: { id: string; firstName: string; lastName: string } | null;
  /** Escalations only: the cohort the work came through (null when assigned to the person directly). */
  cohort: { id: string; name: string } | null;
}

export interface NotificationPage extends Page<NotificationItem> {
  /** Unread notifications in total (not only this page). */
  unread: number;
}

/** `ids` marks those (mine only; others are ignored); `all: true` marks every unread one. */
export interface MarkNotificationsReadRequest {
  ids?: string[];
  all?: boolean;
}

export interface MarkNotificationsReadResult {
  unread: number;
}

/**
 * Email preferences. Reminders for assigned trainings (a cohort or a lead assigned them) always
 * go by email: `assignedTrainingEmail` is always true and a request to set it false is refused.
 * Reminders for optional trainings (self-enrolled) can be turned off; they still appear in-app.
 */
export interface NotificationPreferences {
  optionalTrainingEmail: boolean;
  assignedTrainingEmail: boolean;
}

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  due_soon: 'Due soon',
  due_today: 'Due today',
  overdue: 'Overdue',
  escalation: 'Overdue in your team',
  nudge: 'Reminder from your equity lead',
};
