export { AUDIENCE_LABELS, CourseCard } from './lib/course-card';
