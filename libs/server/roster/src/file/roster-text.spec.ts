import { MAX_LINE_BYTES, RosterTextError, rosterText } from './roster-text';

async function text(parts: (string | Buffer)[]): Promise<string> {
  let out = '';
  for await (const block of rosterText(parts)) out += block;
  return out;
}

async function failure(parts: (string | Buffer)[]): Promise<RosterTextError> {
  try {
    await text(parts);
  } catch (error) {
    return error as RosterTextError;
  }
  throw new Error('expected a RosterTextError');
}

describe('rosterText', () => {
  it('drops a BOM split across chunks and turns CRLF split across chunks into LF', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(await text([bom.subarray(0, 1), bom.subarray(1), 'a,b\r', '\nc,d\r\n'])).toBe('a,b\nc,d\n');
  });

  it('keeps a BOM-like sequence that is not at the start', async () => {
    expect(await text(['a,\uFEFFb\n'])).toBe('a,\uFEFFb\n');
  });

  it('decodes a multi-byte character split across chunks', async () => {
    const bytes = Buffer.from('Nguyễn\n');
    expect(await text([bytes.subarray(0, 5), bytes.subarray(5, 6), bytes.subarray(6)])).toBe('Nguyễn\n');
  });

  it('keeps a final line without a newline', async () => {
    expect(await text(['a\nb'])).toBe('a\nb');
  });

  it('names the line of a NUL byte', async () => {
    const error = await failure(['a\nb\n', Buffer.from([0x63, 0x00, 0x0a])]);
    expect(error).toMatchObject({ line: 3, message: expect.stringContaining('binary data') });
  });

  it('names the line of a byte that is not UTF-8', async () => {
    const error = await failure([Buffer.concat([Buffer.from('a\nb\n'), Buffer.from('Zoë\n', 'latin1'), Buffer.from('d\n')])]);
    expect(error).toMatchObject({ line: 3, message: expect.stringContaining('not UTF-8') });
  });

  it('stops at a line longer than any roster row', async () => {
    const error = await failure(['ok\n', 'x'.repeat(MAX_LINE_BYTES + 1)]);
    expect(error).toMatchObject({ line: 2, message: expect.stringContaining('longer than') });
  });
});
