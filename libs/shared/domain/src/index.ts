export * from './areas';
export * from './password-policy';
export * from './scope';
