import { join, resolve } from 'node:path';
import { contentCheck, parseContentDir } from './content-check';

const root = resolve(__dirname, '../../../..');
const fixtures = 'libs/server/catalog/src/content/__fixtures__';

describe('content-check command', () => {
  let out: string;
  let err: string;
  beforeEach(() => {
    out = '';
    err = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  it('reads the folder from --dir, --dir=, or content/ under the working folder', () => {
    expect(parseContentDir([], '/repo')).toEqual({ dir: '/repo/content' });
    expect(parseContentDir(['--dir', 'other'], '/repo')).toEqual({ dir: '/repo/other' });
    expect(parseContentDir(['--dir=/abs/catalog'], '/repo')).toEqual({ dir: '/abs/catalog' });
    expect(parseContentDir(['--dir'], '/repo')).toBe('Give --dir a folder.');
    expect(parseContentDir(['--fix'], '/repo')).toBe('Unknown argument --fix.');
  });

  it('exits 0 with a summary for a valid catalog', () => {
    expect(contentCheck(['--dir', `${fixtures}/valid`], root)).toBe(0);
    expect(out).toBe('Catalog OK: 2 courses, 6 lessons, 1 tracks, 2 competencies\n');
    expect(err).toBe('');
  });

  it('exits 1 with one line per problem, file:line: message, sorted, then a count', () => {
    expect(contentCheck(['--dir', `${fixtures}/broken`], root)).toBe(1);
    const lines = err.trimEnd().split('\n');
    expect(lines[0]).toBe(`${fixtures}/broken/competencies.yaml:8: duplicate level "Aware" (first on line 6)`);
    expect(lines).toContain(`${fixtures}/broken/courses/alpha/02-check.md:16: a question with no correct option (q2)`);
    expect(lines).toContain(`${fixtures}/broken/courses/alpha/05-broken-yaml.md:3: malformed YAML: Nested mappings are not allowed in compact mappings`);
    expect(lines[lines.length - 1]).toBe('27 problems in 15 files.');
    expect(out).toBe('');
  });

  it('exits 2 when there is no catalog folder or an argument is wrong', () => {
    expect(contentCheck(['--dir', 'no/such/folder'], root)).toBe(2);
    expect(err).toContain(`No catalog folder at ${join(root, 'no/such/folder')}`);
    expect(contentCheck(['--verbose'], root)).toBe(2);
    expect(err).toContain('Usage: npm run content:check -- [--dir <catalog folder>]');
  });
});
