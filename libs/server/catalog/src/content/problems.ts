import type { ContentProblem } from '@equip/shared/contracts';
import { posix } from 'node:path';

/** By file (code-unit order, the same on every machine), then line, then message. */
export function compareProblems(a: ContentProblem, b: ContentProblem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/**
 * One line per problem, `content/courses/x/02-y.md:14: message`, the way compilers write them so
 * editors and CI annotate the line. `prefix` is the catalog folder as the reader knows it.
 */
export function formatProblems(problems: ContentProblem[], prefix = 'content'): string[] {
  return [...problems].sort(compareProblems).map((p) => `${prefix ? posix.join(prefix, p.file) : p.file}:${p.line}: ${p.message}`);
}
