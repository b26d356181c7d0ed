export * from './errors';
export * from './loggable-url';
export * from './problem.filter';
export * from './validation';
export * from './access.decorators';
export * from './page-query.dto';
