export * from './areas';
export * from './password-policy';
export * from './scope';
export * from './assignment-status';
export * from './lesson-reachability';
export * from './knowledge-check-scoring';
export * from './due-dates';
export * from './suppression';
