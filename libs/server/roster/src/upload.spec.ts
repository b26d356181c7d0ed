import { FieldValidationException } from '@equip/server/http';
import { checkRosterUpload, slices, UploadedRoster } from './upload';

const upload = (content: Buffer | string, mimetype = 'text/csv'): UploadedRoster => {
  const buffer = Buffer.from(content);
  return { originalname: 'roster.csv', mimetype, size: buffer.length, buffer };
};

function refusal(file: UploadedRoster | undefined): string {
  try {
    checkRosterUpload(file);
  } catch (error) {
    expect(error).toBeInstanceOf(FieldValidationException);
    const [only] = (error as FieldValidationException).fieldErrors;
    expect(only.field).toBe('file');
    return only.message;
  }
  throw new Error('expected the upload to be refused');
}

describe('checkRosterUpload', () => {
  it.each(['text/csv', 'application/vnd.ms-excel', 'application/octet-stream', 'text/plain; charset=utf-8'])('accepts CSV text sent as %s', (type) => {
    expect(() => checkRosterUpload(upload('employee_id\n', type))).not.toThrow();
  });

  it('accepts an empty file (the import reports it by line)', () => {
    expect(() => checkRosterUpload(upload(''))).not.toThrow();
  });

  it('names the field when the file is missing', () => {
    expect(refusal(undefined)).toContain('file is required');
  });

  it('refuses an Excel workbook, a PDF and binary data, naming the field', () => {
    expect(refusal(upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2])))).toContain('Excel workbook');
    expect(refusal(upload('%PDF-1.7\n'))).toContain('PDF');
    expect(refusal(upload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0])))).toContain('binary data');
  });

  it('accepts UTF-16 text (Excel "Unicode text") and Windows-1252 text (Excel "CSV")', () => {
    expect(() => checkRosterUpload(upload(Buffer.from('\uFEFFemployee_id\tfirst_name\r\n', 'utf16le')))).not.toThrow();
    expect(() => checkRosterUpload(upload(Buffer.from('\uFEFFemployee_id\r\n', 'utf16le').swap16()))).not.toThrow();
    expect(() => checkRosterUpload(upload(Buffer.from('first_name\r\nZoë\r\n', 'latin1')))).not.toThrow();
  });

  it('tells the administrator to save a workbook or a PDF as CSV', () => {
    expect(refusal(upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2])))).toContain('save it as CSV');
    expect(refusal(upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2])))).toContain('save it as CSV');
    expect(refusal(upload('%PDF-1.7\n'))).toContain('save it as CSV');
  });

  it('refuses a declared type that is not text', () => {
    expect(refusal(upload('a,b\n', 'image/png'))).toContain('image/png');
  });
});

describe('slices', () => {
  it('yields the buffer in order, in pieces', async () => {
    const pieces: Buffer[] = [];
    for await (const piece of slices(Buffer.from('abcdefg'), 3)) pieces.push(piece);
    expect(pieces.map(String)).toEqual(['abc', 'def', 'g']);
  });
});
