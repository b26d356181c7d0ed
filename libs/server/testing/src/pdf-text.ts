import { inflateSync } from 'node:zlib';

/**
 * What a PDF that pdfkit wrote says and how many pages it has, for tests. Text drawn with an
 * embedded font is stored as glyph numbers, not letters; each font's ToUnicode map turns them
 * back, as a reader's copy-and-paste does. Enough of PDF for pdfkit's own output (flate or
 * uncompressed streams, `Tj`/`TJ` with hex strings), not a general parser.
 */
export interface PdfText {
  /** `/Type /Page` objects (not `/Pages`). */
  pages: number;
  /** Each text-showing operation's text, in drawing order. */
  runs: string[];
  /** The runs joined by spaces, whitespace squashed: what to search for a phrase in. */
  text: string;
}

export function pdfText(pdf: Buffer): PdfText {
  const raw = pdf.toString('latin1');
  const objects = new Map<string, { dict: string; stream: string | null }>();
  // Stream data is skipped by its /Length: a font file's bytes may spell anything, "endobj" included.
  const header = /(\d+) 0 obj/g;
  for (let m = header.exec(raw); m; m = header.exec(raw)) {
    const endobj = raw.indexOf('endobj', header.lastIndex);
    const stream = raw.indexOf('stream', header.lastIndex);
    if (stream === -1 || stream > endobj) {
      objects.set(m[1], { dict: raw.slice(header.lastIndex, endobj), stream: null });
      continue;
    }
    const dict = raw.slice(header.lastIndex, stream);
    const start = stream + 'stream'.length + (raw[stream + 6] === '\r' ? 2 : 1);
    const data = pdf.subarray(start, start + Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0));
    objects.set(m[1], { dict, stream: (/\/FlateDecode/.test(dict) ? inflateSync(data) : data).toString('latin1') });
    header.lastIndex = start + data.length;
  }
  const ref = (dict: string, key: string) => new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1];

  const cmaps = new Map<string, Map<string, string>>();
  const unicodeOf = (fontId: string): Map<string, string> => {
    if (!cmaps.has(fontId)) {
      const map = new Map<string, string>();
      const source = objects.get(ref(objects.get(fontId)?.dict ?? '', 'ToUnicode') ?? '')?.stream ?? '';
      const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
      for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
        for (const r of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
          const from = parseInt(r[1], 16);
          const to = parseInt(r[2], 16);
          const width = r[1].length;
          const targets = r[3].startsWith('[') ? [...r[3].matchAll(/<([0-9a-fA-F\s]+)>/g)].map((t) => t[1].replace(/\s/g, '')) : null;
          for (let code = from; code <= to; code++) {
            const key = code.toString(16).padStart(width, '0').toLowerCase();
            if (targets) map.set(key, utf16(targets[code - from]));
            else {
              const base = Buffer.from(r[3].slice(1, -1), 'hex');
              base.writeUInt16BE(base.readUInt16BE(base.length - 2) + code - from, base.length - 2);
              map.set(key, base.swap16().toString('utf16le'));
            }
          }
        }
      }
      for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
        for (const c of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(c[1].toLowerCase(), utf16(c[2]));
      }
      cmaps.set(fontId, map);
    }
    return cmaps.get(fontId) as Map<string, string>;
  };

  const pages = [...objects.values()].filter((o) => /\/Type\s*\/Page(?![s\w])/.test(o.dict));
  const runs: string[] = [];
  for (const page of pages) {
    const resources = objects.get(ref(page.dict, 'Resources') ?? '')?.dict ?? page.dict;
    const fonts = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    const fontIds = new Map([...fonts.matchAll(/\/(\w+) (\d+) 0 R/g)].map((f) => [f[1], f[2]]));
    const contents = objects.get(ref(page.dict, 'Contents') ?? '')?.stream ?? '';
    let font = new Map<string, string>();
    for (const op of contents.matchAll(/\/(\w+) [\d.]+ Tf|(\[[^\]]*\]) TJ|<([0-9a-fA-F]*)> Tj/g)) {
      if (op[1]) {
        font = unicodeOf(fontIds.get(op[1]) ?? '');
        continue;
      }
      const hex = op[2] ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('') : op[3];
      let text = '';
      for (let i = 0; i < hex.length; i += 4) text += font.get(hex.slice(i, i + 4).toLowerCase()) ?? '\uFFFD';
      runs.push(text);
    }
  }
  return { pages: pages.length, runs, text: runs.join(' ').replace(/\s+/g, ' ').trim() };
}
