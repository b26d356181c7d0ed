// Pure rendering: this module runs inside the render thread (./render.thread.ts), so it imports
// only Node built-ins and npm packages — never an `@equip/*` path alias, which exists for tsc and
// Jest but not for a worker thread's own `require`.
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// fontkit (pdfkit's own font engine) ships no types; this is the one call made here.
const fontkit = require('fontkit') as { create(data: Uint8Array): object };

/** Everything printed on a certificate, already formatted (dates in the city's time zone). */
export interface CertificateContent {
  /** The person's name as the roster has it. */
  name: string;
  kind: 'course' | 'track';
  title: string;
  /** Competencies and levels the completion awards, e.g. `{ competency: 'Racial equity foundations', level: 'Practicing' }`. */
  awards: { competency: string; level: string }[];
  /** "March 1, 2026" */
  completedOn: string;
  serial: string;
  verifyUrl: string;
  cityName: string;
  officeName: string;
}

export interface RenderOptions {
  /** pdfkit compresses page streams by default; tests turn it off to read the text. */
  compress?: boolean;
}

// DejaVu Sans covers Latin (with every accent a roster may hold), Greek, Cyrillic and more, and is
// embedded (subset), which PDF/UA requires; the 14 standard PDF fonts only know Windows-1252.
// Parsed once per thread and shared by every document: parsing a 700 KB font for each certificate
// was most of its cost (pdfkit takes a fontkit font as readily as a file). Exported for Equip's
// other PDFs (the leadership summary), so every PDF prints names the same way.
type Font = Parameters<PDFKit.PDFDocument['registerFont']>[1];
let fonts: { regular: Font; bold: Font } | undefined;
export function loadFonts(): { regular: Font; bold: Font } {
  if (!fonts) {
    const folder = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const open = (file: string) => fontkit.create(readFileSync(join(folder, file))) as unknown as Font;
    fonts = { regular: open('DejaVuSans.ttf'), bold: open('DejaVuSans-Bold.ttf') };
  }
  return fonts;
}

// Contrast on white: INK #1f2933 is 14.7:1, MUTED #4b5563 is 7.6:1, ACCENT #1d4ed8 is 6.7:1.
const INK = '#1f2933';
const MUTED = '#4b5563';
const ACCENT = '#1d4ed8';

/**
 * A new US Letter PDF, accessible as each of Equip's PDFs is: tagged (PDF/UA: pdfkit writes the
 * identifier and XMP metadata for this subset; its typings lag behind), in English, with a title
 * that viewers display instead of the file name.
 */
export function accessiblePdf(options: { info: Omit<PDFKit.DocumentInfo, 'Creator'>; margin: number; landscape?: boolean; compress?: boolean }): PDFKit.PDFDocument {
  return new PDFDocument({
    size: 'LETTER',
    ...(options.landscape ? { layout: 'landscape' as const } : {}),
    margin: options.margin,
    pdfVersion: '1.7',
    compress: options.compress ?? true,
    tagged: true,
    lang: 'en-US',
    displayTitle: true,
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
    info: { ...options.info, Creator: 'Equip' },
  });
}

/** Registers the fonts as 'Body' and 'Bold' and collects the document's bytes: resolves once `doc.end()` has flushed. */
export function collectPdf(doc: PDFKit.PDFDocument, fonts: { regular: Font; bold: Font }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('Body', fonts.regular);
  doc.registerFont('Bold', fonts.bold);
  return done;
}

/**
 * A one-page, US Letter landscape certificate: a tagged PDF (headings, paragraphs, the QR code as
 * a figure with alternative text; the border marked as an artifact) in English, with a title that
 * viewers display instead of the file name, and the serial number in the document's keywords.
 */
export async function renderCertificatePdf(content: CertificateContent, options: RenderOptions = {}): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const title = `Certificate of completion: ${content.title}`;
  const doc = accessiblePdf({
    landscape: true,
    margin: 54,
    compress: options.compress,
    info: {
      Title: title,
      Author: `${content.officeName}, ${content.cityName}`,
      Subject: `${content.name} completed the ${content.kind} ${content.title} on ${content.completedOn}`,
      Keywords: `certificate, ${content.serial}`,
    },
  });
  const done = collectPdf(doc, { regular, bold });

  const { width, height } = doc.page;
  const left = 72;
  const inner = width - 2 * left;

  // The frame is decoration: an artifact, so a screen reader skips it.
  doc.markContent('Artifact', { type: 'Layout' });
  doc.lineWidth(3).strokeColor(ACCENT).rect(28, 28, width - 56, height - 56).stroke();
  doc.lineWidth(0.75).strokeColor(MUTED).rect(38, 38, width - 76, height - 76).stroke();
  doc.endMarkedContent();

  const root = doc.struct('Document');
  doc.addStructure(root);
  const block = (tag: string, draw: () => void) => root.add(doc.struct(tag, {}, [() => draw()]));
  const centred = (text: string, font: string, size: number, color: string, gap = 0) => {
    doc.font(font).fontSize(size).fillColor(color).text(text, left, doc.y, { width: inner, align: 'center' });
    doc.moveDown(gap);
  };

  doc.y = 84;
  block('P', () => centred(`${content.cityName} · ${content.officeName}`, 'Body', 13, MUTED, 1.2));
  block('H1', () => centred('Certificate of completion', 'Bold', 34, INK, 1));
  block('P', () => centred('This certifies that', 'Body', 15, MUTED, 0.3));
  block('P', () => centred(content.name, 'Bold', fitSize(doc, content.name, 'Bold', 30, inner), INK, 0.6));
  block('P', () => centred(`has completed the ${content.kind}`, 'Body', 15, MUTED, 0.3));
  block('P', () => centred(content.title, 'Bold', fitSize(doc, content.title, 'Bold', 24, inner), INK, 0.9));
  if (content.awards.length > 0) {
    const awards = content.awards.map((a) => `${a.competency}: ${a.level}`).join('; ');
    block('P', () => centred(`Competency awarded: ${awards}`, 'Body', 14, INK, 0.3));
  }
  block('P', () => centred(`Completed on ${content.completedOn}`, 'Body', 14, INK, 0));

  // Bottom band: serial and verification address on the left, the QR code of that address on the right.
  const qrSize = 104;
  const qrX = width - left - qrSize;
  const qrY = height - 58 - qrSize;
  const textWidth = qrX - left - 24;
  doc.y = qrY + 14;
  block('P', () => {
    doc.font('Bold').fontSize(12).fillColor(INK).text(`Serial number ${content.serial}`, left, doc.y, { width: textWidth });
  });
  block('P', () => {
    doc.font('Body').fontSize(11).fillColor(MUTED).text('Check that this certificate is genuine and still valid at', left, doc.y + 6, { width: textWidth });
    doc.font('Body').fontSize(11).fillColor(ACCENT).text(content.verifyUrl, left, doc.y + 2, { width: textWidth, link: content.verifyUrl, underline: true });
  });
  root.add(
    doc.struct('Figure', { alt: `QR code that opens the verification page ${content.verifyUrl}` }, [
      () => drawQrCode(doc, content.verifyUrl, qrX, qrY, qrSize),
    ]),
  );
  root.end();
  doc.end();
  return done;
}

/** The largest size up to `max` at which `text` fits on one line of `width`, but never below 14pt (it wraps instead). */
function fitSize(doc: PDFKit.PDFDocument, text: string, font: string, max: number, width: number): number {
  doc.font(font);
  for (let size = max; size > 14; size -= 2) {
    if (doc.fontSize(size).widthOfString(text) <= width) return size;
  }
  return 14;
}

/** Draws the QR code as vector squares (crisp at any zoom, and smaller than an image). */
function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cell = size / (modules.size + 2 * quiet);
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
    }
  }
  doc.fill('#000000');
}
