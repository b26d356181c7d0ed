import { execFile } from 'node:child_process';

/** What a PDF library (pdf-parse, on Mozilla's pdf.js) reads from a PDF: its text, whitespace folded, and its page count. */
export interface PdfLibraryText {
  text: string;
  pages: number;
}

// pdf.js starts its parser with a dynamic import, which Jest's module sandbox refuses; a plain
// Node process runs it as any reader's software would.
const SCRIPT = `
import { PDFParse } from 'pdf-parse';
import { readFileSync } from 'node:fs';
const parser = new PDFParse({ data: new Uint8Array(readFileSync(0)) });
try {
  const result = await parser.getText();
  process.stdout.write(JSON.stringify({ text: result.text, pages: result.total }));
} finally {
  await parser.destroy();
}`;

/**
 * The text of a PDF as a PDF library extracts it, for checking what a reader gets (a name whole,
 * no "…"), not what our renderer meant to draw. A wrapped line reads as words separated by one space.
 */
export function pdfLibraryText(pdf: Buffer): Promise<PdfLibraryText> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', SCRIPT], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`pdf-parse could not read the PDF: ${stderr || error.message}`));
      const { text, pages } = JSON.parse(stdout) as PdfLibraryText;
      // A line broken after a hyphen ("Data-" / "Driven") reads back joined, as a reader sees it.
      resolve({ text: text.replace(/(\p{L})-\s+(?=\p{L})/gu, '$1-').replace(/\s+/g, ' ').trim(), pages });
    });
    child.stdin?.end(pdf);
  });
}
