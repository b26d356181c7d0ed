import type { AuditEventView } from '@equip/shared/contracts';

/** One CSV field: quoted when needed, and guarded against spreadsheet formula injection. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export const AUDIT_CSV_HEADER = csvLine(['time', 'actor', 'action', 'subject', 'field', 'before', 'after', 'raw_json']);

/**
 * An event as CSV: one row per changed field (an event that changed no field still gets one row),
 * in words and city time, with the event's raw JSON last so nothing is lost.
 */
export function auditCsvRows(event: AuditEventView): string {
  const actor = event.actor ? `${event.actor.firstName} ${event.actor.lastName}` : 'Equip';
  const raw = { id: event.id, at: event.at, action: event.action, subjectType: event.subjectType, subjectId: event.subjectId, before: event.before, after: event.after, ip: event.ip };
  const changes = event.changes.length ? event.changes : [null];
  return changes.map((c) => csvLine([event.occurredAt, actor, event.actionLabel, event.subject, c?.label, c?.before, c?.after, raw])).join('');
}
