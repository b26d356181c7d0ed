import type { AssignmentStatus } from '@equip/shared/contracts';
import { isOverdue } from './due-dates';

/** The facts an assignment's status is derived from; the status itself is never stored. */
export interface AssignmentFacts {
  /** The due day (YYYY-MM-DD) in the city's time zone, see due-dates.ts. */
  dueOn: string | null;
  completedAt: Date | string | null;
  exemptedAt: Date | string | null;
  /** When the person started the work (an enrollment), if they have. */
  startedAt: Date | string | null;
}

/**
 * exempt > completed > overdue > in_progress > not_started. An exemption wins over everything (a
 * lead excused the person); a completion wins over a passed due date (late is still done); work is
 * overdue once its due day has ended in the city (`timeZone`), so on the due day itself it is not.
 */
export function assignmentStatus(facts: AssignmentFacts, now: Date, timeZone: string): AssignmentStatus {
  if (facts.exemptedAt) return 'exempt';
  if (facts.completedAt) return 'completed';
  if (isOverdue(facts.dueOn, now, timeZone)) return 'overdue';
  if (facts.startedAt) return 'in_progress';
  return 'not_started';
}

const ORDER: Record<AssignmentStatus, number> = { overdue: 0, in_progress: 1, not_started: 1, completed: 2, exempt: 3 };

/** "What is on my plate": overdue first, then open work by due date (undated last), then done and exempt. */
export function compareAssignments(
  a: { status: AssignmentStatus; dueOn: string | null; title: string },
  b: { status: AssignmentStatus; dueOn: string | null; title: string },
): number {
  const byStatus = ORDER[a.status] - ORDER[b.status];
  if (byStatus !== 0) return byStatus;
  // YYYY-MM-DD sorts as text; undated last.
  const due = (x: string | null) => x ?? '9999-99-99';
  if (due(a.dueOn) !== due(b.dueOn)) return due(a.dueOn) < due(b.dueOn) ? -1 : 1;
  return a.title.localeCompare(b.title);
}
