export * from './identity.module';
export * from './auth.decorators';
export * from './jwt-auth.guard';
export * from './roles.guard';
export * from './session.repository';
export * from './auth-cookies';
export * from './jobs/purge-expired-sessions.processor';
