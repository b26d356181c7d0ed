import { ROSTER_COLUMNS, type RosterColumn } from '@equip/shared/contracts';

/** One roster row for a spec: an employee id and whichever columns the spec sets. */
export type RosterPerson = Partial<Record<RosterColumn, string>> & { employee_id: string };

/** An active person in TES named after their id, with `more` on top. */
export const rosterPerson = (id: string, more: Partial<Record<RosterColumn, string>> = {}): RosterPerson => ({
  employee_id: id,
  first_name: `First${id}`,
  last_name: `Last${id}`,
  email: `${id.toLowerCase()}@city.example`,
  department_code: 'TES',
  status: 'active',
  ...more,
});

/** The rows as a roster file: the header, then one CRLF line per person. */
export const rosterCsv = (people: RosterPerson[]): string =>
  [ROSTER_COLUMNS.join(','), ...people.map((p) => ROSTER_COLUMNS.map((c) => p[c] ?? '').join(','))].join('\r\n') + '\r\n';

/** A file as the import reads it: a stream of byte chunks (here one). */
export async function* rosterFile(text: string): AsyncIterable<Buffer> {
  yield Buffer.from(text);
}
