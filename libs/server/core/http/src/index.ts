export * from './errors';
export * from './problem.filter';
export * from './validation';
export * from './access.decorators';
export * from './page-query.dto';
