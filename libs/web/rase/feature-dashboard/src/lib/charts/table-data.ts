/** One cell of a chart's table: text, or a number shown as it is. */
export type TableCell = string | number;

/**
 * What a chart shows, as a table: the single source for the chart's table alternative and its CSV
 * export, so the file holds exactly the rows and columns on screen.
 */
export interface TableData {
  caption: string;
  /** Column headings; the first names the row headers' column. */
  columns: readonly string[];
  /**
   * `link`: where the row's header leads (a router path), if anywhere. `external`: cells whose text
   * is a web address, shown as links (the CSV holds the same address). Neither changes the CSV.
   */
  rows: readonly { header: string; cells: readonly TableCell[]; link?: string; external?: readonly number[] }[];
}

/** Cells a spreadsheet would run as a formula start with one of these (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(value: TableCell): string {
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(text) && !/^-?\d+(\.\d+)?%?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV of the table: the header row, then one line per row, CRLF line ends. */
export function tableToCsv(table: TableData): string {
  const lines = [table.columns, ...table.rows.map((row) => [row.header, ...row.cells])];
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A file name from a caption: lower case, words joined by hyphens. */
export function csvFileName(caption: string): string {
  const slug = caption
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'export'}.csv`;
}

/** Saves the CSV through a temporary link to an object URL (no request: it is what the page holds). */
export function downloadCsv(document: Document, table: TableData): void {
  const view = document.defaultView;
  if (!view) return;
  const url = view.URL.createObjectURL(new Blob([tableToCsv(table)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = csvFileName(table.caption);
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download starts after this task; the URL stays valid long enough for it to read the blob.
  view.setTimeout(() => view.URL.revokeObjectURL(url), 60_000);
}
