import type { AssignmentStatus, LessonState, LessonType, MyAssignment, RecordAssignmentSource } from '@equip/shared/contracts';
import { addDays, formatDay, relativeDueText } from '@equip/shared/domain';
import { cityToday, formatCityDate, formatDueDay } from '@equip/web/shared/data-access';

/**
 * Dates as the city means them, wherever the phone is: an instant in the city's zone
 * (`formatCityDate`), a due day as written (`formatDueDay`), from the shared city clock.
 */
export { formatCityDate, formatDueDay };

/** "Due soon" on the home page: due within this many days (presentation only; status comes from the api). */
export const DUE_SOON_DAYS = 14;


export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  overdue: 'Overdue',
  exempt: 'Exempt',
};

export const LESSON_STATE_LABELS: Record<LessonState, string> = {
  done: 'Done',
  available: 'Available',
  locked: 'Locked',
};

export const LESSON_TYPE_LABELS: Record<LessonType, string> = {
  reading: 'Reading',
  video: 'Video',
  'knowledge-check': 'Knowledge check',
  reflection: 'Reflection',
  attestation: 'Attestation',
};

/** The home page's sections, in the order they are shown. */
export interface AssignmentSections {
  overdue: MyAssignment[];
  dueSoon: MyAssignment[];
  inProgress: MyAssignment[];
  /** Assigned, not started, not due within `DUE_SOON_DAYS` (or with no due date). */
  upcoming: MyAssignment[];
  completed: MyAssignment[];
}

/**
 * Sorts the api's assignments (already in its order) into the home page's sections. The status is
 * the api's; only "due soon" looks at the due date, and that is how the page groups, not a rule.
 * Exempt assignments are left out: there is nothing to do.
 */
export function sectionAssignments(assignments: readonly MyAssignment[], now: Date = new Date()): AssignmentSections {
  // Due days are the city's: compare them with the city's today, as days.
  const soon = addDays(cityToday(now), DUE_SOON_DAYS);
  const sections: AssignmentSections = { overdue: [], dueSoon: [], inProgress: [], upcoming: [], completed: [] };
  for (const assignment of assignments) {
    if (assignment.status === 'exempt') continue;
    if (assignment.status === 'completed') sections.completed.push(assignment);
    else if (assignment.status === 'overdue') sections.overdue.push(assignment);
    else if (assignment.dueOn && assignment.dueOn <= soon) sections.dueSoon.push(assignment);
    else if (assignment.status === 'in_progress') sections.inProgress.push(assignment);
    else sections.upcoming.push(assignment);
  }
  return sections;
}

/** "Due December 19, 2026 (in 14 days)": the due day as written, the relative part counted in city calendar days. */
export function dueText(dueOn: string | null, now: Date = new Date()): string {
  if (!dueOn) return 'No due date';
  return `Due ${formatDueDay(dueOn)} (${relativeDueText(dueOn, cityToday(now))})`;
}

/** "About 45 minutes", "About 1 hour 30 minutes". */
export function minutesText(minutes: number | null): string | null {
  if (!minutes) return null;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [hours ? `${hours} ${hours === 1 ? 'hour' : 'hours'}` : '', rest ? `${rest} ${rest === 1 ? 'minute' : 'minutes'}` : ''].filter(Boolean);
  return `About ${parts.join(' ')}`;
}

/** "6 lessons" before starting, "3 of 6 lessons done" after; a track counts its courses. Never "0 of 0". */
export function sizeText(item: Pick<MyAssignment, 'kind' | 'progress' | 'status'>): string | null {
  const { done, total } = item.progress;
  if (total === 0) return null;
  const noun = item.kind === 'course' ? (total === 1 ? 'lesson' : 'lessons') : total === 1 ? 'course' : 'courses';
  return done === 0 || item.status === 'completed' ? `${total} ${noun}` : `${done} of ${total} ${noun} done`;
}

/** "Assigned by the TES planners cohort and Emily Sullivan"; "You chose this" for my own picks. */
export function assignedByText(sources: readonly RecordAssignmentSource[]): string {
  const names = sources.flatMap((s) =>
    s.kind === 'cohort' ? [`the ${s.cohort.name} cohort`] : s.kind === 'person' ? [s.assignedBy ? `${s.assignedBy.firstName} ${s.assignedBy.lastName}` : 'your equity lead'] : [],
  );
  return names.length ? `Assigned by ${names.join(' and ')}` : 'You chose this';
}

/** "Completed Dec 4" (the city's day of the completion). */
export function completedText(completedAt: string | null): string {
  return completedAt ? `Completed ${formatDay(cityToday(new Date(completedAt)), { month: 'short', day: 'numeric' })}` : 'Completed';
}
