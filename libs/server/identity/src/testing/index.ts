// Benchmark support only (`@equip/server/identity/testing`): the learner-load bench runs the per-request session lookup on a bare client as its baseline. Application code imports `@equip/server/identity`.
export { SessionRepository } from '../session.repository';
