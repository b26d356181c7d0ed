export { LEARNER_ROUTES } from './lib/learner.routes';
export { LearnerHome } from './lib/learner-home';
