export * from './learning.module';
export * from './learning.service';
export { COURSE_COMPLETED, TRACK_COMPLETED } from './course-completion';
export type { CourseCompletedEvent, TrackCompletedEvent } from './course-completion';
export { ASSIGNMENTS_SQL, COURSE_FACTS_SQL } from './learning.repository';
