import { ROSTER_COLUMNS, RosterColumn, RosterProblem } from '@equip/shared/contracts';
import { isCalendarDate as isCalendarDay } from '@equip/shared/domain';
import { CsvError, Options, parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { findManagerLoops } from './manager-chains';
import { RosterTextError, rosterText } from './roster-text';

interface ParsedRecord {
  line: number;
  record: string[];
}

/** One data row of the file: its 1-based line and its values, trimmed; null where empty or unusable. */
export type RosterRow = { line: number } & Record<RosterColumn, string | null>;

export const REQUIRED_COLUMNS: readonly RosterColumn[] = ['employee_id', 'first_name', 'last_name', 'email', 'department_code', 'status'];
export const MAX_FIELD_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 320;
/** A record longer than this is a quote that never closes (or not a roster at all). */
const MAX_RECORD_BYTES = 64 * 1024;

const columnOrder = (column: RosterColumn | null) => (column === null ? -1 : ROSTER_COLUMNS.indexOf(column));
const KNOWN_COLUMNS = new Set<string>(ROSTER_COLUMNS);
// Letters of any script in the local part and the domain; at least one dot in the domain.
const EMAIL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}$/u;

/** File order: by line, then by the column's place in the roster. */
export function compareProblems(a: RosterProblem, b: RosterProblem): number {
  return a.line - b.line || columnOrder(a.column) - columnOrder(b.column);
}

export function isEmailAddress(value: string): boolean {
  return value.length <= MAX_EMAIL_LENGTH && EMAIL.test(value);
}

/** A hire date: the api's one calendar-date check (YYYY-MM-DD, a day that exists), and no year before 1000. */
export function isCalendarDate(value: string): boolean {
  return isCalendarDay(value) && Number(value.slice(0, 4)) >= 1000;
}

export interface RosterReaderOptions {
  /** Department codes that exist; without it department codes are not checked here. */
  departmentCodes?: ReadonlySet<string>;
  /** A changes-only file: employee ids already in Equip, who may manage someone without a row of their own. */
  managersOutsideFile?: ReadonlySet<string>;
}

/**
 * Reads a roster CSV as a stream and checks every row, yielding each row as it goes so the caller
 * can COPY it without holding the file. What needs the whole file (managers on the roster, loops
 * in the manager chain) is checked when the stream ends, from compact in-memory maps: employee id
 * → index, one manager index per row, lower-cased email → line. After the last row,
 * `problems` lists every problem found, by line and column.
 */
export class RosterReader {
  private readonly found: RosterProblem[] = [];
  private columns: Int32Array | undefined;
  private width = 0;
  private readonly indexOf = new Map<string, number>();
  private readonly lines: number[] = [];
  private readonly managers: (string | null)[] = [];
  private readonly emailLines = new Map<string, number>();
  /** The first problem that stopped the file being read as CSV; nothing after it is trusted. */
  private broken: RosterProblem | undefined;
  private rowCount = 0;

  constructor(private readonly options: RosterReaderOptions = {}) {}

  /** Data rows read (blank lines and the header excluded). */
  get rows(): number {
    return this.rowCount;
  }

  /** Every problem, in file order. Complete once `read()` has finished. */
  get problems(): RosterProblem[] {
    return [...this.found].sort(compareProblems);
  }

  /** True when the file could be read to the end as a roster (even if rows have problems). */
  get readable(): boolean {
    return this.broken === undefined && this.columns !== undefined;
  }

  /** The rows one at a time (see `batches`). */
  async *read(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<RosterRow> {
    for await (const batch of this.batches(source)) yield* batch;
  }

  /**
   * The rows in batches, as they are parsed: a batch per block of text, so a 100,000-row file does
   * not pay for 100,000 awaits. Problems are complete once the last batch has been taken.
   */
  async *batches(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<RosterRow[]> {
    let textError: RosterTextError | undefined;
    const text = async function* () {
      try {
        yield* rosterText(source);
      } catch (error) {
        if (!(error instanceof RosterTextError)) throw error;
        textError = error;
      }
    };
    let lastLine = 0;
    const options: Options<ParsedRecord, string[]> = {
      delimiter: ',',
      record_delimiter: '\n',
      relax_column_count: true,
      // A quote inside an unquoted field (O"Brien) is kept as written, the way spreadsheets read it.
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: MAX_RECORD_BYTES,
      // csv-parse's own recovery after an error is unreliable; note the first one and ignore the rest.
      skip_records_with_error: true,
      on_skip: (error) => {
        if (!this.broken && error) this.broken = this.problem(lastLine + 1, null, csvMessage(error));
        lastLine = (error as { lines?: number } | undefined)?.lines ?? lastLine + 1;
        return undefined;
      },
      on_record: (record, context) => {
        const line = lastLine + 1;
        lastLine = context.lines;
        return this.broken ? null : { line, record };
      },
    };
    // on_record turns each record into { line, record }; the typings only allow it to return a record.
    const parser = parse(options as unknown as Options);
    const feed = Readable.from(text());
    feed.once('error', (error) => parser.destroy(error));
    feed.pipe(parser);
    try {
      let unreadable = false;
      for await (const records of drained<ParsedRecord>(parser)) {
        const rows: RosterRow[] = [];
        for (const { line, record } of records) {
          if (record.every((value) => value.trim() === '')) continue;
          if (this.columns) {
            const row = this.readRow(record, line, this.columns);
            if (row) rows.push(row);
          } else if (!this.readHeader(record, line)) {
            unreadable = true;
            break;
          }
        }
        if (rows.length > 0) yield rows;
        if (unreadable) break;
      }
    } finally {
      // Stops reading the source too when the rows cannot be read (a header without its columns).
      feed.unpipe(parser);
      feed.destroy();
      parser.destroy();
    }
    if (textError) {
      // A text problem explains whatever CSV error the truncated input caused.
      if (this.broken) this.found.splice(this.found.indexOf(this.broken), 1);
      this.broken = this.problem(textError.line, null, textError.message);
    }
    if (this.broken) {
      this.broken.message += ' The rest of the file was not read.';
      return;
    }
    if (!this.columns) {
      if (this.found.length === 0) {
        this.problem(1, null, 'the file is empty. A roster needs a header row and one row per staff member.');
      }
      return;
    }
    if (this.rowCount === 0) {
      this.problem(1, null, 'the file has a header but no staff rows. A full roster with nobody in it would deactivate everyone.');
      return;
    }
    this.checkManagers();
  }

  private problem(line: number, column: RosterColumn | null, message: string): RosterProblem {
    const problem = { line, column, message };
    this.found.push(problem);
    return problem;
  }

  /** Maps the header to the roster columns; false when the rows cannot be read. */
  private readHeader(record: string[], line: number): boolean {
    const names = record.map((name) => name.trim().toLowerCase());
    const seen = new Set<string>();
    const unknown: string[] = [];
    const repeated: string[] = [];
    for (const [i, name] of names.entries()) {
      if (seen.has(name)) repeated.push(name);
      seen.add(name);
      if (!KNOWN_COLUMNS.has(name)) unknown.push(name === '' ? `(empty, column ${i + 1})` : record[i].trim());
    }
    const missing = ROSTER_COLUMNS.filter((column) => !seen.has(column));
    if (missing.length > 0) {
      const hint = names.length === 1 && /[;\t|]/.test(record[0]) ? ' The columns must be separated by commas.' : '';
      this.problem(line, null, `the header is missing ${plural(missing.length, 'column')}: ${missing.join(', ')}.${hint}`);
    }
    if (unknown.length > 0) {
      this.problem(line, null, `the header has unknown ${plural(unknown.length, 'column')}: ${unknown.join(', ')}. The roster columns are ${ROSTER_COLUMNS.join(', ')}.`);
    }
    if (repeated.length > 0) {
      this.problem(line, null, `the header repeats ${plural(repeated.length, 'column')}: ${[...new Set(repeated)].join(', ')}.`);
    }
    // Without every column (or with one twice) the rows cannot be read; unknown extras are only reported.
    if (missing.length > 0 || repeated.length > 0) return false;
    this.columns = Int32Array.from(ROSTER_COLUMNS, (column) => names.indexOf(column));
    this.width = record.length;
    return true;
  }

  private readRow(record: string[], line: number, columns: Int32Array): RosterRow | undefined {
    this.rowCount += 1;
    if (record.length !== this.width) {
      this.problem(line, null, `the row has ${plural(record.length, 'field')}; the header has ${this.width}. Quote any value that contains a comma.`);
      // Still known by its id, so its reports are not also told their manager is missing.
      const id = record[columns[0]]?.trim();
      if (id && !this.indexOf.has(id)) this.remember(id, line, null);
      return undefined;
    }
    const row = { line } as RosterRow;
    for (let c = 0; c < ROSTER_COLUMNS.length; c++) {
      const value = record[columns[c]].trim();
      row[ROSTER_COLUMNS[c]] = value === '' ? null : value;
    }
    for (const column of REQUIRED_COLUMNS) {
      if (row[column] === null) this.problem(line, column, 'is required and is empty.');
    }
    for (const column of ROSTER_COLUMNS) {
      const value = row[column];
      const max = column === 'email' ? MAX_EMAIL_LENGTH : MAX_FIELD_LENGTH;
      if (value !== null && value.length > max) {
        this.problem(line, column, `is longer than ${max} characters.`);
        row[column] = null;
      }
    }

    const id = row.employee_id;
    if (id !== null) {
      const first = this.indexOf.get(id);
      if (first !== undefined) this.problem(line, 'employee_id', `${id} is already on line ${this.lines[first]}; each employee must appear once.`);
      else this.remember(id, line, row.manager_employee_id);
    }

    if (row.email !== null) {
      if (!isEmailAddress(row.email)) {
        this.problem(line, 'email', `"${row.email}" is not an email address.`);
        row.email = null;
      } else {
        const key = row.email.toLowerCase();
        const first = this.emailLines.get(key);
        if (first !== undefined) {
          this.problem(line, 'email', `${row.email} is already used on line ${first}; each person needs their own address.`);
          row.email = null;
        } else {
          this.emailLines.set(key, line);
        }
      }
    }

    if (row.department_code !== null) {
      row.department_code = row.department_code.toUpperCase();
      const known = this.options.departmentCodes;
      if (known && !known.has(row.department_code)) {
        this.problem(line, 'department_code', `${row.department_code} is not a department in Equip. Check the code, or add the department first.`);
      }
    }

    if (row.hire_date !== null && !isCalendarDate(row.hire_date)) {
      this.problem(line, 'hire_date', `"${row.hire_date}" is not a date. Write dates as YYYY-MM-DD.`);
      row.hire_date = null;
    }

    if (row.status !== null) {
      const status = row.status.toLowerCase();
      if (status === 'active' || status === 'inactive') row.status = status;
      else this.problem(line, 'status', `"${row.status}" must be active or inactive.`);
    }

    if (id !== null && row.manager_employee_id === id) {
      this.problem(line, 'manager_employee_id', `${id} cannot be their own manager.`);
    }
    return row;
  }

  private remember(id: string, line: number, manager: string | null): void {
    this.indexOf.set(id, this.lines.length);
    this.lines.push(line);
    this.managers.push(manager);
  }

  /** Managers must be on the roster (it is the full list of staff) and the chain must not loop. */
  private checkManagers(): void {
    const managerOf = new Int32Array(this.managers.length).fill(-1);
    for (let i = 0; i < this.managers.length; i++) {
      const manager = this.managers[i];
      if (manager === null) continue;
      const index = this.indexOf.get(manager);
      if (index === undefined) {
        if (this.options.managersOutsideFile?.has(manager)) continue;
        this.problem(this.lines[i], 'manager_employee_id', `${manager} is not on this roster. The roster is the full list of staff, so a manager needs a row too.`);
      } else if (index !== i) {
        managerOf[i] = index;
      }
    }
    const ids = [...this.indexOf.keys()];
    for (const loop of findManagerLoops(managerOf)) {
      const first = loop.reduce((a, b) => (this.lines[a] <= this.lines[b] ? a : b));
      const at = loop.indexOf(first);
      const ordered = [...loop.slice(at), ...loop.slice(0, at)];
      const chain = [...ordered, first].map((i) => ids[i]).join(' → ');
      const lines = ordered.map((i) => this.lines[i]).join(', ');
      this.problem(this.lines[first], 'manager_employee_id', `the manager chain is a loop: ${chain} (lines ${lines}). Someone in it must report outside it.`);
    }
  }
}

/** What a stream has buffered, batch by batch, until it ends (or fails). */
async function* drained<T>(stream: Readable): AsyncGenerator<T[]> {
  for (;;) {
    const batch: T[] = [];
    for (let item = stream.read() as T | null; item !== null; item = stream.read() as T | null) batch.push(item);
    if (batch.length > 0) yield batch;
    if (stream.errored) throw stream.errored;
    if (stream.readableEnded || stream.destroyed) return;
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: unknown) => {
        stream.off('readable', settle).off('end', settle).off('close', settle).off('error', settle);
        if (error) reject(error);
        else resolve();
      };
      stream.on('readable', settle).on('end', settle).on('close', settle).on('error', settle);
    });
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function csvMessage(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value that starts on this line is never closed (unbalanced quotes).';
    case 'CSV_MAX_RECORD_SIZE':
      return `the row starting on this line is longer than ${MAX_RECORD_BYTES / 1024} KB, usually because a quote is never closed.`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a closing quote is followed by other characters. Inside a quoted value write a quote as two quotes ("").';
    default:
      return `this line is not valid CSV (${error.code}).`;
  }
}
