import type { AssignmentStatus } from '@equip/shared/contracts';

/** The facts an assignment's status is derived from; the status itself is never stored. */
export interface AssignmentFacts {
  dueAt: Date | string | null;
  completedAt: Date | string | null;
  exemptedAt: Date | string | null;
  /** When the person started the work (an enrollment), if they have. */
  startedAt: Date | string | null;
}

/**
 * exempt > completed > overdue > in_progress > not_started. An exemption wins over everything (a
 * lead excused the person); a completion wins over a passed due date (late is still done); a due
 * date passes at its instant, so something due now is not yet overdue.
 */
export function assignmentStatus(facts: AssignmentFacts, now: Date): AssignmentStatus {
  if (facts.exemptedAt) return 'exempt';
  if (facts.completedAt) return 'completed';
  if (facts.dueAt && new Date(facts.dueAt).getTime() < now.getTime()) return 'overdue';
  if (facts.startedAt) return 'in_progress';
  return 'not_started';
}

const ORDER: Record<AssignmentStatus, number> = { overdue: 0, in_progress: 1, not_started: 1, completed: 2, exempt: 3 };

/** "What is on my plate": overdue first, then open work by due date (undated last), then done and exempt. */
export function compareAssignments(
  a: { status: AssignmentStatus; dueAt: string | null; title: string },
  b: { status: AssignmentStatus; dueAt: string | null; title: string },
): number {
  const byStatus = ORDER[a.status] - ORDER[b.status];
  if (byStatus !== 0) return byStatus;
  const due = (x: string | null) => (x ? new Date(x).getTime() : Number.POSITIVE_INFINITY);
  const byDue = due(a.dueAt) - due(b.dueAt);
  if (byDue !== 0 && !Number.isNaN(byDue)) return byDue;
  return a.title.localeCompare(b.title);
}
