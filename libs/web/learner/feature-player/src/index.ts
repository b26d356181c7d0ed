export { PlayerPage } from './lib/player-page';
export { KnowledgeCheckForm } from './lib/knowledge-check-form';
export { LessonNav } from './lib/lesson-nav';
