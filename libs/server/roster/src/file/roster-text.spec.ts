import { encode } from 'iconv-lite';
import { lineEndsOf, RosterTextError, rosterText, separatorOf } from './roster-text';

function failure(bytes: Buffer): RosterTextError {
  try {
    rosterText(bytes);
  } catch (error) {
    return error as RosterTextError;
  }
  throw new Error('expected a RosterTextError');
}

describe('rosterText', () => {
  it('names the line of a NUL byte outside UTF-16: binary data', () => {
    const error = failure(Buffer.concat([Buffer.from('a\nb\n'), Buffer.from([0x63, 0x00, 0x0a])]));
    expect(error).toMatchObject({ line: 3, message: expect.stringContaining('binary data') });
  });

  it('refuses bytes that are not UTF-8 after a UTF-8 byte-order mark, naming their line', () => {
    const error = failure(Buffer.concat([Buffer.from('\uFEFFa\nb\n'), Buffer.from('Zoë\n', 'latin1')]));
    expect(error).toMatchObject({ line: 3, message: expect.stringContaining('not UTF-8 text, though the file starts with the UTF-8 byte-order mark') });
  });

  it('keeps a BOM-like character that is not at the start', () => {
    expect(rosterText(Buffer.from('a,\uFEFFb\n')).utf8.toString()).toBe('a,\uFEFFb\n');
  });

  it('decides UTF-8 over the whole file: one Windows-1252 byte at the end makes it all Windows-1252', () => {
    const bytes = Buffer.concat([Buffer.from('name\n'), Buffer.from('x\n'.repeat(100_000)), encode('Zoë – “Night”\n', 'windows-1252')]);
    const read = rosterText(bytes);
    expect(read.encoding).toBe('Windows-1252');
    expect(read.utf8.toString().endsWith('Zoë – “Night”\n')).toBe(true);
  });

  it('reads UTF-16 by its byte-order mark, NUL bytes and all', () => {
    expect(rosterText(encode('a\tb\r\nZoë\t2\r\n', 'utf16le', { addBOM: true }))).toEqual({
      utf8: Buffer.from('a\tb\nZoë\t2\n'),
      encoding: 'UTF-16LE',
      byteOrderMark: true,
      lineEnds: 'CRLF',
      separator: 'tab',
    });
    expect(rosterText(encode('a,b\n', 'utf16be', { addBOM: true }))).toMatchObject({ utf8: Buffer.from('a,b\n'), encoding: 'UTF-16BE' });
  });

  it('turns CR and CRLF into LF, mixed or not', () => {
    expect(rosterText(Buffer.from('a\rb\r\nc\nd'))).toMatchObject({ utf8: Buffer.from('a\nb\nc\nd'), lineEnds: 'mixed' });
  });

  it('reads plain UTF-8 with LF line ends as it is, BOM dropped', () => {
    expect(rosterText(Buffer.from('\uFEFFa;b;c,d\nZoë;1;2\n'))).toEqual({
      utf8: Buffer.from('a;b;c,d\nZoë;1;2\n'),
      encoding: 'UTF-8',
      byteOrderMark: true,
      lineEnds: 'LF',
      separator: 'semicolon',
    });
  });
});

describe('lineEndsOf', () => {
  it.each([
    ['a\nb\n', 'LF'],
    ['a\r\nb\r\n', 'CRLF'],
    ['a\rb\r', 'CR'],
    ['a\r\nb\n', 'mixed'],
    ['\na\r\n', 'mixed'],
    ['a,b', 'none'],
  ])('%j has %s line ends', (text, ends) => {
    expect(lineEndsOf(text)).toBe(ends);
  });
});

describe('separatorOf', () => {
  it.each([
    ['a,b,c\nx;y;z;w;v', 'comma'],
    ['a;b;c\n', 'semicolon'],
    ['a\tb\tc', 'tab'],
    ['"Name; Last";b,c,d\n', 'comma'],
    ['"a,b,c";d;e\n', 'semicolon'],
    ['one column\n', 'comma'],
  ])('%j is separated by a %s', (text, separator) => {
    expect(separatorOf(text)).toBe(separator);
  });
});
