// Test and benchmark support only (`@equip/shared/domain/testing`); application code imports `@equip/shared/domain`.
export * from './suppression.reference';
export * from './seeded-random';
