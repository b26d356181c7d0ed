import { ROSTER_COLUMNS, RosterColumn, RosterColumnName, RosterDateOrder, RosterImportResult, RosterProblem, RosterRead, RosterWarning } from '@equip/shared/contracts';
import { CsvError, Options, parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { findManagerLoops } from './manager-chains';
import { isRosterDay, readRosterDate } from './roster-dates';
import { matchHeader } from './roster-header';
import { allBytes, RosterText, RosterTextError, rosterText, separatorCharacter } from './roster-text';

interface ParsedRecord {
  line: number;
  /** The line the record ends on (later than `line` when a quoted value spans lines). */
  lastLine: number;
  record: string[];
}

/** One data row of the file: its 1-based line and its values, trimmed; null where empty or unusable. */
export type RosterRow = { line: number } & Record<RosterColumn, string | null>;

export const REQUIRED_COLUMNS: readonly RosterColumn[] = ['employee_id', 'first_name', 'last_name', 'email', 'department_code', 'status'];
export const MAX_FIELD_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 320;
/** A record longer than this is a quote that never closes (or not a roster at all). */
const MAX_RECORD_BYTES = 64 * 1024;

/** How many dates the dry run shows as read. */
const DATE_SAMPLES = 5;
/** The text is handed to the CSV parser in slices this size, so a large file streams through it. */
const SLICE_BYTES = 64 * 1024;

const columnOrder = (column: RosterColumn | null) => (column === null ? -1 : ROSTER_COLUMNS.indexOf(column));
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
  return isRosterDay(value);
}

export interface RosterReaderOptions {
  /** Department codes that exist; without it department codes are not checked here. */
  departmentCodes?: ReadonlySet<string>;
  /** How 3/4/2019 is read; month first unless the city's saved format says otherwise. */
  dateOrder?: RosterDateOrder;
  /** The city's own names for roster columns, from its saved format. */
  columnNames?: readonly RosterColumnName[];
  /** A changes-only file: employee ids already in Equip, who may manage someone without a row of their own. */
  managersOutsideFile?: ReadonlySet<string>;
}

/**
 * Reads a roster CSV and checks every row, yielding the rows in batches as they are parsed so the
 * caller can COPY them as they come. The bytes are read whole first: the encoding is decided over
 * the whole file (see `rosterText`), and the text then streams through the parser. What needs the whole file (managers on the roster, loops
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
  private text: RosterText | undefined;
  private header: Pick<RosterRead, 'headerMatches' | 'ignoredColumns'> | undefined;
  private readonly dateSamples: RosterRead['dateSamples'] = [];
  private readonly noticed: RosterWarning[] = [];

  constructor(private readonly options: RosterReaderOptions = {}) {}

  /** What was assumed in reading the file; undefined until it has been read as text. */
  get assumptions(): RosterRead | undefined {
    if (!this.text) return undefined;
    const { encoding, byteOrderMark, separator, lineEnds } = this.text;
    const header = this.header ?? { headerMatches: [], ignoredColumns: [] };
    return { encoding, byteOrderMark, separator, lineEnds, dateOrder: this.dateOrder, ...header, dateSamples: [...this.dateSamples] };
  }

  /** What the import reports about reading the file: the assumptions, and what was let pass. */
  get report(): Pick<RosterImportResult, 'read' | 'warnings'> {
    const read = this.assumptions;
    return read ? { read, warnings: this.warnings } : { warnings: this.warnings };
  }

  /** What was noticed and let pass (columns that were ignored). */
  get warnings(): RosterWarning[] {
    return [...this.noticed];
  }

  private get dateOrder(): RosterDateOrder {
    return this.options.dateOrder ?? 'month-first';
  }

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
  async *read(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncGenerator<RosterRow> {
    for await (const batch of this.batches(source)) yield* batch;
  }

  /**
   * The rows in batches, as they are parsed: a batch per block of text, so a 100,000-row file does
   * not pay for 100,000 awaits. Problems are complete once the last batch has been taken.
   */
  async *batches(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncGenerator<RosterRow[]> {
    try {
      this.text = rosterText(await allBytes(source));
    } catch (error) {
      if (!(error instanceof RosterTextError)) throw error;
      this.broken = this.problem(error.line, null, error.message);
      return;
    }
    const utf8 = this.text.utf8;
    const text = function* () {
      for (let at = 0; at < utf8.length; at += SLICE_BYTES) yield utf8.subarray(at, at + SLICE_BYTES);
    };
    let lastLine = 0;
    const options: Options<ParsedRecord, string[]> = {
      delimiter: separatorCharacter(this.text.separator),
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
        return this.broken ? null : { line, lastLine: context.lines, record };
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
        for (const { line, lastLine: end, record } of records) {
          if (record.every((value) => value.trim() === '')) continue;
          if (this.columns) {
            const row = this.readRow(record, line, end, this.columns);
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
    const match = matchHeader(record, this.options.columnNames);
    this.header = { headerMatches: match.matches, ignoredColumns: match.ignored };
    if (match.missing.length > 0) {
      const hint = record.length === 1 && /[;\t|]/.test(record[0]) ? ' The columns must be separated by commas, semicolons or tabs.' : '';
      const named = this.options.columnNames?.length ? '' : ' If your export names a column differently, save its name in the roster file format.';
      this.problem(line, null, `the header is missing ${plural(match.missing.length, 'column')}: ${match.missing.join(', ')}.${hint || named}`);
    }
    for (const { column, headers } of match.repeated) {
      this.problem(line, null, `the headers ${headers.map((h) => `"${h}"`).join(' and ')} all name the column ${column}; keep one.`);
    }
    if (match.ignored.length > 0) {
      this.noticed.push({ line, message: `${plural(match.ignored.length, 'column')} ${match.ignored.length === 1 ? 'is' : 'are'} not on the roster and ${match.ignored.length === 1 ? 'was' : 'were'} ignored: ${match.ignored.join(', ')}.` });
    }
    // Without every column (or with one twice) the rows cannot be read.
    if (match.missing.length > 0 || match.repeated.length > 0) return false;
    this.columns = Int32Array.from(match.indexes);
    this.width = record.length;
    return true;
  }

  private readRow(record: string[], line: number, end: number, columns: Int32Array): RosterRow | undefined {
    this.rowCount += 1;
    if (record.length !== this.width) {
      // A row that runs over several lines and does not fit is a quote left open, closed by chance by a quote further on.
      const message =
        end > line
          ? `a quoted value that starts on this line is not closed on it; the next quote, on line ${end}, made lines ${line} to ${end} one row. Close the quote, or write a quote inside a value as two quotes ("").`
          : `the row has ${plural(record.length, 'field')}; the header has ${this.width}. Quote any value that contains a ${separatorName(this.text?.separator ?? 'comma')}.`;
      this.problem(line, null, message);
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

    if (row.hire_date !== null) {
      const date = readRosterDate(row.hire_date, this.dateOrder);
      if ('problem' in date) {
        this.problem(line, 'hire_date', date.problem);
        row.hire_date = null;
      } else {
        if (this.dateSamples.length < DATE_SAMPLES) this.dateSamples.push({ line, column: 'hire_date', written: row.hire_date, read: date.day });
        row.hire_date = date.day;
      }
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

function separatorName(separator: RosterText['separator']): string {
  return separator === 'tab' ? 'tab' : separator;
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
