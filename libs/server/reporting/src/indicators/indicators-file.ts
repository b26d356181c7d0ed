import { PROGRESSION_STAGES, SLUG_PATTERN, type IndicatorDefinition, type ProgressionStage, type StageDefinition } from '@equip/shared/contracts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';

/** How a measured indicator is computed (libs/server/reporting/README.md). */
export type Measure =
  | { measure: 'track-completion-share'; track: string }
  | { measure: 'trained-equity-lead'; track: string }
  | { measure: 'manager-track-completion-share'; track: string }
  | { measure: 'course-completed-within'; course: string; months: number };

export interface IndicatorSpec extends IndicatorDefinition {
  /** Present for measured indicators. */
  measured: Measure | null;
}

export interface IndicatorsConfig {
  foundationsTrack: string;
  indicators: IndicatorSpec[];
  stages: StageDefinition[];
}

export interface IndicatorsProblem {
  line: number;
  message: string;
}

const MEASURES: Record<Measure['measure'], { kind: 'percent' | 'boolean'; subject: 'track' | 'course' }> = {
  'track-completion-share': { kind: 'percent', subject: 'track' },
  'trained-equity-lead': { kind: 'boolean', subject: 'track' },
  'manager-track-completion-share': { kind: 'percent', subject: 'track' },
  'course-completed-within': { kind: 'percent', subject: 'course' },
};

export const INDICATORS_FILE = 'indicators.yaml';

/** The catalog's course and track slugs as the files in `content/` name them. */
export function catalogSlugs(contentDir: string): { courses: Set<string>; tracks: Set<string> } {
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
  return {
    courses: new Set(list(join(contentDir, 'courses'))),
    tracks: new Set(list(join(contentDir, 'tracks')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length))),
  };
}

/** Reads and checks `<contentDir>/indicators.yaml`; throws one line per problem (file:line: message). */
export function loadIndicators(contentDir: string): IndicatorsConfig {
  const file = join(contentDir, INDICATORS_FILE);
  if (!existsSync(file)) throw new Error(`${file}: missing (the department equity indicators)`);
  const { config, problems } = parseIndicators(readFileSync(file, 'utf8'), catalogSlugs(contentDir));
  if (!config) throw new Error(problems.map((p) => `${file}:${p.line}: ${p.message}`).join('\n'));
  return config;
}

/** Parses and checks the indicators file against the catalog's slugs; config is null when there is any problem. */
export function parseIndicators(text: string, catalog: { courses: Set<string>; tracks: Set<string> }): { config: IndicatorsConfig | null; problems: IndicatorsProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const problems: IndicatorsProblem[] = [];
  const at = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const problem = (node: Node | null | undefined, message: string) => problems.push({ line: at(node), message });
  if (doc.errors.length > 0) return { config: null, problems: [{ line: lines.linePos(doc.errors[0].pos[0]).line, message: `malformed YAML: ${doc.errors[0].message.split('\n')[0]}` }] };
  const root = doc.contents;
  if (!isMap(root)) return { config: null, problems: [{ line: 1, message: 'expected a mapping with foundationsTrack, indicators and stages' }] };

  const str = (map: YAMLMap, key: string, required = true): string | null => {
    const node = map.get(key, true) as Node | undefined;
    const value = map.get(key);
    if (value === undefined || value === null || value === '') {
      if (required) problem(map, `missing ${key}`);
      return null;
    }
    if (typeof value !== 'string') return problem(node, `${key} must be text`), null;
    return value;
  };
  const checkSlug = (map: YAMLMap, key: 'track' | 'course'): string | null => {
    const slug = str(map, key);
    if (slug === null) return null;
    const known = key === 'track' ? catalog.tracks : catalog.courses;
    if (!known.has(slug)) return problem(map.get(key, true) as Node, `no ${key} "${slug}" in the catalog`), null;
    return slug;
  };

  const foundations = str(root, 'foundationsTrack');
  if (foundations !== null && !catalog.tracks.has(foundations)) problem(root.get('foundationsTrack', true) as Node, `no track "${foundations}" in the catalog`);

  const indicators: IndicatorSpec[] = [];
  const seen = new Map<string, number>();
  const list = root.get('indicators', true);
  if (!isSeq(list) || list.items.length === 0) problem(root, 'indicators must be a non-empty list');
  else {
    for (const item of list.items) {
      if (!isMap(item)) {
        problem(item as Node, 'each indicator must be a mapping');
        continue;
      }
      const key = str(item, 'key');
      const name = str(item, 'name');
      const description = str(item, 'description');
      if (key !== null && !SLUG_PATTERN.test(key)) problem(item.get('key', true) as Node, `key "${key}" must be lowercase words joined by hyphens`);
      if (key !== null && seen.has(key)) problem(item.get('key', true) as Node, `duplicate indicator "${key}" (first on line ${seen.get(key)})`);
      if (key !== null && !seen.has(key)) seen.set(key, at(item));
      const measure = item.get('measure');
      const recorded = item.get('recorded');
      if ((measure === undefined) === (recorded === undefined)) {
        problem(item, 'give exactly one of measure (computed) or recorded (percent | boolean)');
        continue;
      }
      if (recorded !== undefined) {
        if (recorded !== 'percent' && recorded !== 'boolean') problem(item.get('recorded', true) as Node, 'recorded must be percent or boolean');
        else if (key && name && description) indicators.push({ key, name, description, source: 'recorded', kind: recorded, measured: null });
        continue;
      }
      const spec = MEASURES[measure as Measure['measure']];
      if (!spec) {
        problem(item.get('measure', true) as Node, `unknown measure "${String(measure)}" (one of ${Object.keys(MEASURES).join(', ')})`);
        continue;
      }
      const slug = checkSlug(item, spec.subject);
      let measured: Measure | null = null;
      if (spec.subject === 'course') {
        const months = item.get('months');
        if (!Number.isInteger(months) || (months as number) < 1 || (months as number) > 60) problem((item.get('months', true) as Node | undefined) ?? item, 'months must be a whole number from 1 to 60');
        else if (slug) measured = { measure: 'course-completed-within', course: slug, months: months as number };
      } else if (slug) measured = { measure: measure as Exclude<Measure['measure'], 'course-completed-within'>, track: slug };
      if (key && name && description && measured) indicators.push({ key, name, description, source: 'measured', kind: spec.kind, measured });
    }
  }

  const stages: StageDefinition[] = [];
  const stageList = root.get('stages', true);
  if (!isSeq(stageList)) problem(root, `stages must list ${PROGRESSION_STAGES.join(', ')} in order`);
  else {
    const names = stageList.items.map((s) => (isMap(s) ? s.get('stage') : undefined));
    if (names.join() !== PROGRESSION_STAGES.join()) problem(stageList, `stages must be ${PROGRESSION_STAGES.join(', ')}, in that order`);
    for (const item of stageList.items) {
      if (!isMap(item)) continue;
      const name = str(item, 'name');
      const description = str(item, 'description');
      const requires = item.get('requires', true);
      const reqs: StageDefinition['requires'] = [];
      if (!isSeq(requires) || requires.items.length === 0) problem(item, 'requires must be a non-empty list');
      else {
        for (const r of requires.items) {
          if (!isMap(r)) continue;
          const indicator = str(r, 'indicator');
          const min = r.get('min');
          const def = indicators.find((i) => i.key === indicator);
          if (indicator !== null && !def && !seen.has(indicator)) problem(r, `no indicator "${indicator}"`);
          if (!def) continue;
          if (def.kind === 'boolean' && min !== true) problem(r, `${indicator} is yes/no: min must be true`);
          else if (def.kind === 'percent' && (typeof min !== 'number' || min < 0 || min > 100)) problem(r, `${indicator} is a share: min must be a number from 0 to 100`);
          else reqs.push({ indicator: def.key, min: min as number | true });
        }
      }
      if (name && description) stages.push({ stage: item.get('stage') as ProgressionStage, name, description, requires: reqs });
    }
  }
  if (problems.length > 0 || foundations === null) return { config: null, problems: problems.sort((a, b) => a.line - b.line) };
  return { config: { foundationsTrack: foundations, indicators, stages }, problems };
}
