import { formatProblems, loadCatalog, type LoadedCatalog } from '@equip/server/catalog';
import type { ContentProblem } from '@equip/shared/contracts';
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';

export const CONTENT_DIR_USAGE = '[--dir <catalog folder>] (default: content/ in the current folder)';

/** The catalog folder: `--dir <path>` or `--dir=<path>`, else `content/` under `cwd`. */
export function parseContentDir(args: string[], cwd = process.cwd()): { dir: string } | string {
  let dir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--dir') {
      if (!args[i + 1] || args[i + 1].startsWith('--')) return 'Give --dir a folder.';
      dir = args[++i];
    } else if (arg.startsWith('--dir=')) dir = arg.slice('--dir='.length);
    else return `Unknown argument ${arg}.`;
  }
  return { dir: resolve(cwd, dir ?? 'content') };
}

/** How the catalog folder is named in output: relative to where the command runs (`content`), else absolute. */
export function displayDir(dir: string, cwd = process.cwd()): string {
  const rel = relative(cwd, dir);
  if (rel.startsWith('..')) return dir.split(sep).join('/');
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** One line per problem, sorted by file and line, then how many. */
export function writeProblems(problems: ContentProblem[], dir: string, cwd = process.cwd()): void {
  const files = new Set(problems.map((p) => p.file)).size;
  const total = `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in ${files} ${files === 1 ? 'file' : 'files'}`;
  process.stderr.write(`${formatProblems(problems, displayDir(dir, cwd)).join('\n')}\n${total}.\n`);
}

export function describeCatalog({ catalog }: LoadedCatalog): string {
  const lessons = catalog.courses.reduce((n, c) => n + c.lessons.length, 0);
  return `${catalog.courses.length} courses, ${lessons} lessons, ${catalog.tracks.length} tracks, ${catalog.competencies.length} competencies`;
}

/**
 * `content-check [--dir <folder>]`: reads and checks the whole catalog, without a database.
 * Exit 0 and `Catalog OK: …` when it can be published; 1 with every problem as
 * `content/<file>:<line>: <message>`; 2 when there is no such folder or the arguments are wrong.
 */
export function contentCheck(args: string[], cwd = process.cwd()): number {
  const parsed = parseContentDir(args, cwd);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\nUsage: npm run content:check -- ${CONTENT_DIR_USAGE}\n`);
    return 2;
  }
  if (!existsSync(parsed.dir) || !statSync(parsed.dir).isDirectory()) {
    process.stderr.write(`No catalog folder at ${parsed.dir}.\n`);
    return 2;
  }
  const loaded = loadCatalog(parsed.dir);
  if (loaded.problems.length > 0) {
    writeProblems(loaded.problems, parsed.dir, cwd);
    return 1;
  }
  process.stdout.write(`Catalog OK: ${describeCatalog(loaded)}\n`);
  return 0;
}
