// Test helpers for the learner specs; never imported by production code.
export * from './learning-fixtures';
