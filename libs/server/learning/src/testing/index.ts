// Benchmark support only (`@equip/server/learning/testing`): the learner-load bench runs the home's own SQL on a bare client as its baseline. Application code imports `@equip/server/learning`.
export { LearningRepository } from '../learning.repository';
