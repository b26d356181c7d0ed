import type { RosterEncoding, RosterLineEnds, RosterSeparator } from '@equip/shared/contracts';
import { decode as iconvDecode } from 'iconv-lite';
import { isUtf8 } from 'node:buffer';

const NEWLINE = 0x0a;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);
const UTF16BE_BOM = Buffer.from([0xfe, 0xff]);

/** The file cannot be read as text; `line` is the 1-based line the first bad byte is on. */
export class RosterTextError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'RosterTextError';
  }
}

/** A roster file as UTF-8 bytes with LF line ends (what the CSV parser reads), and what was assumed to read it. */
export interface RosterText {
  utf8: Buffer;
  encoding: RosterEncoding;
  byteOrderMark: boolean;
  lineEnds: RosterLineEnds;
  separator: RosterSeparator;
}

const BINARY = 'the file is not a CSV text file: it contains binary data. Open it in Excel or your HR system and save it as CSV.';

/** Every byte of the source, in one buffer (an upload is at most 50 MB; the encoding needs the whole file). */
export async function allBytes(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

/**
 * Reads the bytes of a roster file the way spreadsheets and HR systems write them: a byte-order
 * mark decides UTF-8 or UTF-16 (Excel's "Unicode text"); without one, the file is UTF-8 if every
 * byte of it is, and otherwise Windows-1252 (Excel's plain "CSV" on a US Windows machine). A NUL
 * byte outside UTF-16 means binary data. Decoding comes before lines are split, so CR, LF and CRLF
 * line ends (even mixed) all become LF, and the separator is the commonest of comma, semicolon and
 * tab in the header line, outside quotes.
 */
export function rosterText(bytes: Buffer): RosterText {
  const plain = plainUtf8(bytes);
  if (plain) return plain;
  const { text, encoding, byteOrderMark } = decode(bytes);
  const lineEnds = lineEndsOf(text);
  const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  return { utf8: Buffer.from(normalized, 'utf8'), encoding, byteOrderMark, lineEnds, separator: separatorOf(normalized) };
}

/**
 * The common case, UTF-8 with LF line ends (and perhaps a BOM), read without turning a 15 MB file
 * into a string and back: the bytes are already what the parser reads.
 */
function plainUtf8(bytes: Buffer): RosterText | undefined {
  const byteOrderMark = startsWith(bytes, UTF8_BOM);
  const body = byteOrderMark ? bytes.subarray(UTF8_BOM.length) : bytes;
  if (startsWith(bytes, UTF16LE_BOM) || startsWith(bytes, UTF16BE_BOM) || body.includes(0x0d) || body.includes(0) || !isUtf8(body)) return undefined;
  const firstLine = body.subarray(0, Math.min(body.length, 64 * 1024)).toString('utf8');
  return { utf8: body, encoding: 'UTF-8', byteOrderMark, lineEnds: body.includes(NEWLINE) ? 'LF' : 'none', separator: separatorOf(firstLine) };
}

function decode(bytes: Buffer): { text: string; encoding: RosterEncoding; byteOrderMark: boolean } {
  if (startsWith(bytes, UTF16LE_BOM)) return { text: iconvDecode(bytes.subarray(2), 'utf16le'), encoding: 'UTF-16LE', byteOrderMark: true };
  if (startsWith(bytes, UTF16BE_BOM)) return { text: iconvDecode(bytes.subarray(2), 'utf16be'), encoding: 'UTF-16BE', byteOrderMark: true };
  const bom = startsWith(bytes, UTF8_BOM);
  const body = bom ? bytes.subarray(UTF8_BOM.length) : bytes;
  const nul = body.indexOf(0);
  if (nul >= 0) {
    // Binary data starts at the first byte that is not UTF-8 text, often before the first NUL.
    const before = body.subarray(0, nul);
    throw new RosterTextError(isUtf8(before) ? lineOf(body, nul) : firstLineNotUtf8(before), BINARY);
  }
  if (isUtf8(body)) return { text: body.toString('utf8'), encoding: 'UTF-8', byteOrderMark: bom };
  if (bom) {
    throw new RosterTextError(
      firstLineNotUtf8(body),
      'this line is not UTF-8 text, though the file starts with the UTF-8 byte-order mark. Save the roster again as "CSV UTF-8".',
    );
  }
  return { text: iconvDecode(body, 'windows-1252'), encoding: 'Windows-1252', byteOrderMark: false };
}

/** Which line ends the text uses, before they are made LF. */
export function lineEndsOf(text: string): RosterLineEnds {
  const crlf = text.includes('\r\n');
  const cr = /\r(?!\n)/.test(text);
  const lf = /(?:^|[^\r])\n/.test(text);
  const kinds = Number(crlf) + Number(cr) + Number(lf);
  if (kinds === 0) return 'none';
  if (kinds > 1) return 'mixed';
  return crlf ? 'CRLF' : cr ? 'CR' : 'LF';
}

const SEPARATORS: Record<RosterSeparator, string> = { comma: ',', semicolon: ';', tab: '\t' };

export const separatorCharacter = (separator: RosterSeparator): string => SEPARATORS[separator];

/** The commonest of comma, semicolon and tab in the first line (LF line ends), outside quotes; a comma on a tie. */
export function separatorOf(text: string): RosterSeparator {
  const counts: Record<RosterSeparator, number> = { comma: 0, semicolon: 0, tab: 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '\n') break;
    else if (c === ',') counts.comma += 1;
    else if (c === ';') counts.semicolon += 1;
    else if (c === '\t') counts.tab += 1;
  }
  const order: RosterSeparator[] = ['comma', 'semicolon', 'tab'];
  return order.reduce((best, next) => (counts[next] > counts[best] ? next : best));
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}

/** The 1-based line of the byte at `at`. */
function lineOf(bytes: Buffer, at: number): number {
  let line = 1;
  for (let i = bytes.indexOf(NEWLINE); i >= 0 && i < at; i = bytes.indexOf(NEWLINE, i + 1)) line += 1;
  return line;
}

function firstLineNotUtf8(bytes: Buffer): number {
  let line = 1;
  for (let start = 0; start < bytes.length; line += 1) {
    const next = bytes.indexOf(NEWLINE, start);
    const stop = next < 0 ? bytes.length : next + 1;
    if (!isUtf8(bytes.subarray(start, stop))) return line;
    start = stop;
  }
  return line;
}
