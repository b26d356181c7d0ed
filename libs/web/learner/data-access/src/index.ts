export { LearningApi, type AttestationAffirmed, type CatalogFilters, type ReflectionSaved } from './lib/learning-api';
export {
  ASSIGNMENT_STATUS_LABELS,
  DUE_SOON_DAYS,
  LESSON_STATE_LABELS,
  LESSON_TYPE_LABELS,
  assignedByText,
  completedText,
  dueText,
  formatCityDate,
  formatDueDay,
  minutesText,
  sectionAssignments,
  sizeText,
  type AssignmentSections,
} from './lib/presentation';
export {
  CatalogStore,
  CertificatesStore,
  MyLearningStore,
  SUGGESTION_COUNT,
  TrackStore,
  TracksStore,
  suggestCourses,
  type FilterOption,
} from './lib/learner-stores';
export { CourseStore } from './lib/course-store';
export { PlayerStore, type LessonRef } from './lib/player-store';
export { buildAnswers, choose, unanswered, type Selections } from './lib/knowledge-check';
export { NotificationsApi, UnreadNotifications, notificationsLabel } from './lib/notifications-api';
