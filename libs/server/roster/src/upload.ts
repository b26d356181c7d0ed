import { FieldValidationException } from '@equip/server/http';

/** The largest roster upload (a 100,000-person roster is about 15 MB). */
export const MAX_ROSTER_UPLOAD_BYTES = 50 * 1024 * 1024;

/** What the api needs of a multipart file (multer's in-memory file). */
export interface UploadedRoster {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

// What browsers and HTTP clients send for a .csv file; spreadsheets on Windows say vnd.ms-excel.
const CSV_TYPES = new Set(['text/csv', 'text/plain', 'application/csv', 'text/comma-separated-values', 'application/vnd.ms-excel', 'application/octet-stream', '']);

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive or an Excel workbook (.xlsx); open it in Excel and save it as CSV' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls); open it in Excel and save it as CSV' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF; export the roster from your HR system and save it as CSV' },
];
// Excel's "Unicode text" is UTF-16 with one of these first; its NUL bytes are text, not binary data.
const UTF16_MARKS = [
  [0xff, 0xfe],
  [0xfe, 0xff],
];

/**
 * The upload must be there and look like CSV text; a 400 names the field `file`. Text in any
 * encoding the import reads (UTF-8, UTF-16, Windows-1252) passes; a workbook, a PDF or binary data
 * does not. Whether the text is a valid roster is the import's job, which reports each problem by
 * line (422).
 */
export function checkRosterUpload(file: UploadedRoster | undefined): UploadedRoster {
  const refuse = (message: string) => new FieldValidationException([{ field: 'file', message }]);
  if (!file) throw refuse('file is required: attach the roster as a CSV file in the multipart field "file"');
  const type = file.mimetype.split(';')[0].trim().toLowerCase();
  const signature = SIGNATURES.find((s) => s.bytes.every((b, i) => file.buffer[i] === b));
  if (signature) throw refuse(`file must be a CSV text file, not ${signature.what}`);
  if (!CSV_TYPES.has(type)) throw refuse(`file must be a CSV text file (it was sent as ${type})`);
  const utf16 = UTF16_MARKS.some((mark) => mark.every((b, i) => file.buffer[i] === b));
  if (!utf16 && file.buffer.subarray(0, 8192).includes(0)) throw refuse('file must be a CSV text file; this one contains binary data. Save it as CSV');
  return file;
}

/** The buffer in slices, so the parser streams over it instead of taking 15 MB in one bite. */
export async function* slices(buffer: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
}
