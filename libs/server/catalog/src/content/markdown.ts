import type { ContentProblem } from '@equip/shared/contracts';
import { Marked, Token, Tokens } from 'marked';
import type { LinkResolver } from './links';

const marked = new Marked({ gfm: true, async: false });

export interface MarkdownSource {
  /** Path of the file relative to `content/`; links resolve from its folder. */
  file: string;
  /** Added to a line of `text` to give the line in the file (the body of a lesson starts after its front matter). */
  lineOffset: number;
}

export interface RenderedMarkdown {
  html: string;
  /** Media files the text links to or shows, relative to `content/`. */
  media: string[];
}

/**
 * Renders Markdown (CommonMark + GFM) to HTML, checking every link and image on the way: links to
 * lessons and media must exist, other links must be https, images need alt text. Each problem
 * carries the line of the link in the file. Links that resolve are rewritten for the player:
 * `media/x.png` → `/api/catalog/media/<course>/x.png`, `./02-y.md` → `/learn/courses/<course>/lessons/y`.
 *
 * Raw HTML in the Markdown is passed through: the catalog is written by RASE administrators and
 * reviewed in the repository, so it is trusted like code.
 */
export function renderMarkdown(text: string, source: MarkdownSource, links: LinkResolver, problems: ContentProblem[]): RenderedMarkdown {
  const tokens = marked.lexer(text);
  const found: { token: Tokens.Link | Tokens.Image; offset: number }[] = [];
  collectLinks(tokens, text, 0, found);
  const media = new Set<string>();
  const lineOf = (offset: number) => countLines(text, offset) + source.lineOffset;
  for (const { token, offset } of found) {
    const line = lineOf(offset);
    if (token.type === 'image' && token.text.trim() === '') {
      problems.push({ file: source.file, line, message: `an image without alt text: ${token.href}` });
    }
    const target = links.resolve(source.file, token.href);
    if (target.kind === 'problem') {
      problems.push({ file: source.file, line, message: target.message });
    } else if (target.kind === 'lesson' && token.type === 'image') {
      problems.push({ file: source.file, line, message: `an image that is a lesson: ${token.href}` });
    } else if (target.kind !== 'keep') {
      if (target.kind === 'media') media.add(target.path);
      token.href = target.url;
    }
  }
  return { html: marked.parser(tokens) as string, media: [...media] };
}

/** 1-based line of an offset in the text. */
function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Finds each link and image token with its offset in the source. marked's tokens carry their raw
 * text but no position, so each child is looked up inside its parent's raw text, after its
 * previous sibling. Where a child's raw text is not a slice of its parent's (a blockquote strips
 * its `>` markers) the search continues in the parent's text, which still holds the link itself.
 */
function collectLinks(tokens: Token[], region: string, base: number, out: { token: Tokens.Link | Tokens.Image; offset: number }[]): void {
  let cursor = 0;
  const locate = (raw: string | undefined): { region: string; base: number } => {
    if (raw) {
      const at = region.indexOf(raw, cursor);
      if (at !== -1) {
        cursor = at + raw.length;
        return { region: raw, base: base + at };
      }
    }
    return { region: region.slice(cursor), base: base + cursor };
  };
  for (const token of tokens) {
    const here = locate(token.raw);
    if (token.type === 'link' || token.type === 'image') out.push({ token: token as Tokens.Link | Tokens.Image, offset: here.base });
    if (token.type === 'table') {
      const table = token as Tokens.Table;
      let cellCursor = 0;
      for (const cell of [...table.header, ...table.rows.flat()]) {
        const at = cell.text ? here.region.indexOf(cell.text, cellCursor) : -1;
        const start = at === -1 ? cellCursor : at;
        if (at !== -1) cellCursor = at + cell.text.length;
        collectLinks(cell.tokens, here.region.slice(start), here.base + start, out);
      }
      continue;
    }
    if (token.type === 'list') collectLinks((token as Tokens.List).items, here.region, here.base, out);
    const children = (token as { tokens?: Token[] }).tokens;
    if (children) collectLinks(children, here.region, here.base, out);
  }
}
