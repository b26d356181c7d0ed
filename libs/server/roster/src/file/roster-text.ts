import { isUtf8 } from 'node:buffer';

/** A roster row longer than this is not a roster row: binary data, or one enormous line. */
export const MAX_LINE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

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

/**
 * Turns the bytes of a roster file into UTF-8 text, in blocks of whole lines, with a leading BOM
 * removed and CRLF line ends turned into LF. Splitting on the LF byte is safe because 0x0A never
 * occurs inside a multi-byte UTF-8 sequence, so each block is checked and decoded on its own and
 * a problem is reported on the exact line it is on. Memory stays at one chunk plus one line.
 */
export async function* rosterText(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncGenerator<string> {
  let carry: Buffer = Buffer.alloc(0);
  let line = 1;
  let atStart = true;
  for await (const chunk of source) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (carry.length > 0) bytes = Buffer.concat([carry, bytes]);
    if (atStart) {
      if (bytes.length < BOM.length && BOM.subarray(0, bytes.length).equals(bytes)) {
        carry = bytes;
        continue;
      }
      if (bytes.subarray(0, BOM.length).equals(BOM)) bytes = bytes.subarray(BOM.length);
      atStart = false;
    }
    const end = bytes.lastIndexOf(NEWLINE);
    if (end < 0) {
      carry = bytes;
      if (carry.length > MAX_LINE_BYTES) throw tooLong(line, carry);
      continue;
    }
    const block = bytes.subarray(0, end + 1);
    carry = Buffer.from(bytes.subarray(end + 1));
    yield decode(block, line, carry);
    line += countLines(block, block.length);
  }
  if (atStart && carry.subarray(0, BOM.length).equals(BOM)) carry = carry.subarray(BOM.length);
  if (carry.length > 0) {
    if (carry.length > MAX_LINE_BYTES) throw tooLong(line, carry);
    yield decode(carry, line);
  }
}

const BINARY = 'the file is not a CSV text file: it contains binary data. Save the roster as "CSV UTF-8" and use that file.';

/** `next` is what follows the block, to tell binary data from text in another encoding. */
function decode(block: Buffer, firstLine: number, next: Buffer = Buffer.alloc(0)): string {
  const nul = block.indexOf(0);
  if (nul >= 0) throw new RosterTextError(firstLine + countLines(block, nul), BINARY);
  if (!isUtf8(block)) {
    let start = 0;
    let line = firstLine;
    while (start < block.length) {
      const next = block.indexOf(NEWLINE, start);
      const stop = next < 0 ? block.length : next + 1;
      if (!isUtf8(block.subarray(start, stop))) break;
      start = stop;
      line += 1;
    }
    // Binary files (images, archives) soon have a NUL byte; text in another encoding does not.
    const binary = next.subarray(0, 4096).includes(0);
    throw new RosterTextError(line, binary ? BINARY : 'this line is not UTF-8 text. Save the roster as "CSV UTF-8" (not "CSV" in another encoding).');
  }
  const text = block.toString('utf8');
  return text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
}

function tooLong(line: number, bytes: Buffer): RosterTextError {
  if (bytes.indexOf(0) >= 0) return new RosterTextError(line, BINARY);
  return new RosterTextError(line, `this line is longer than ${MAX_LINE_BYTES / 1024} KB; the file is not a roster CSV.`);
}

/** Newlines in `block` before `end`. */
function countLines(block: Buffer, end: number): number {
  let count = 0;
  let at = block.indexOf(NEWLINE);
  while (at >= 0 && at < end) {
    count += 1;
    at = block.indexOf(NEWLINE, at + 1);
  }
  return count;
}
