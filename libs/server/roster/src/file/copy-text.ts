import { ROSTER_COLUMNS } from '@equip/shared/contracts';
import type { RosterRow } from './roster-reader';

/** Columns of the staging table, in the order copyText writes them. */
export const STAGING_COLUMNS = ['line', ...ROSTER_COLUMNS] as const;

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in PostgreSQL's COPY text format: \N for NULL, backslash escapes for the rest. */
export function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : value;
}

export function copyLine(row: RosterRow): string {
  let line = String(row.line);
  for (const column of ROSTER_COLUMNS) line += `\t${copyValue(row[column])}`;
  return `${line}\n`;
}

/** Batches of rows as COPY text, in blocks of about `blockSize` characters so the socket gets few large writes. */
export async function* copyText(batches: AsyncIterable<RosterRow[]>, blockSize = 64 * 1024): AsyncGenerator<string> {
  let block = '';
  for await (const rows of batches) {
    for (const row of rows) block += copyLine(row);
    if (block.length >= blockSize) {
      yield block;
      block = '';
    }
  }
  if (block.length > 0) yield block;
}
