export { PageHeader } from './lib/page-header/page-header';
export { ErrorSummary, type ErrorSummaryItem } from './lib/error-summary/error-summary';
