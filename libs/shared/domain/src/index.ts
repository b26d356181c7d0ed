export * from './areas';
export * from './password-policy';
