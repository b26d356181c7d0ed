import { ROSTER_COLUMNS, type RosterColumn, type RosterColumnName } from '@equip/shared/contracts';

/** A header as compared: lower case, accents dropped, nothing but letters and digits (`Employee ID` → `employeeid`). */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** How a header row maps to the roster columns. */
export interface HeaderMatch {
  /** The index in the row of each roster column, in ROSTER_COLUMNS order; -1 where missing. */
  indexes: number[];
  matches: { column: RosterColumn; header: string }[];
  missing: RosterColumn[];
  /** Headers that are no roster column, as written (an empty one as "(empty, column N)"). */
  ignored: string[];
  /** Roster columns named by more than one header, with those headers as written. */
  repeated: { column: RosterColumn; headers: string[] }[];
}

/**
 * Matches each header to a roster column without regard to case, spaces and punctuation
 * (`Employee ID`, `employee_id` and `EmployeeId` are all `employee_id`), and by the city's saved
 * names for its own export (`Emp No` → `employee_id`), which are compared the same way.
 */
export function matchHeader(headers: readonly string[], savedNames: readonly RosterColumnName[] = []): HeaderMatch {
  const known = new Map<string, RosterColumn>(ROSTER_COLUMNS.map((column) => [normalizeHeader(column), column]));
  for (const { header, column } of savedNames) known.set(normalizeHeader(header), column);
  const found = new Map<RosterColumn, number[]>();
  const ignored: string[] = [];
  headers.forEach((written, i) => {
    const column = known.get(normalizeHeader(written));
    if (column === undefined) ignored.push(written.trim() === '' ? `(empty, column ${i + 1})` : written.trim());
    else found.set(column, [...(found.get(column) ?? []), i]);
  });
  const repeated = [...found]
    .filter(([, at]) => at.length > 1)
    .map(([column, at]) => ({ column, headers: at.map((i) => headers[i].trim()) }));
  return {
    indexes: ROSTER_COLUMNS.map((column) => found.get(column)?.[0] ?? -1),
    matches: ROSTER_COLUMNS.flatMap((column) => {
      const at = found.get(column);
      return at ? [{ column, header: headers[at[0]].trim() }] : [];
    }),
    missing: ROSTER_COLUMNS.filter((column) => !found.has(column)),
    ignored,
    repeated,
  };
}
