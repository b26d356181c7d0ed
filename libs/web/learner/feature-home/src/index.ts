export { LEARNER_ROUTES } from './lib/learner.routes';
export { LearnerHome } from './lib/learner-home';
export { LearnerArea, LEARNER_PAGES } from './lib/learner-area';
