export type CheckStatus = 'up' | 'down';

/** Body of GET /api/health/ready (the @nestjs/terminus shape). */
export interface ReadinessReport {
  status: 'ok' | 'error';
  info?: Record<string, { status: CheckStatus; [key: string]: unknown }>;
  error?: Record<string, { status: CheckStatus; [key: string]: unknown }>;
  details: Record<string, { status: CheckStatus; [key: string]: unknown }>;
}
