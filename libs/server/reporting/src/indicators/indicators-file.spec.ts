import { join } from 'node:path';
import { catalogSlugs, loadIndicators, parseIndicators } from './indicators-file';

const contentDir = join(__dirname, '../../../../../content');
const catalog = { courses: new Set(['our-citys-commitment']), tracks: new Set(['all-staff-foundations', 'equity-lead']) };

const valid = `foundationsTrack: all-staff-foundations
indicators:
  - key: staff-trained
    name: Trained
    description: Share trained.
    measure: track-completion-share
    track: all-staff-foundations
  - key: plan
    name: Plan
    description: Plan adopted.
    recorded: boolean
stages:
  - { stage: emerging, name: Emerging, description: d, requires: [{ indicator: staff-trained, min: 10 }] }
  - { stage: developing, name: Developing, description: d, requires: [{ indicator: plan, min: true }] }
  - { stage: practicing, name: Practicing, description: d, requires: [{ indicator: staff-trained, min: 70 }] }
  - { stage: embedded, name: Embedded, description: d, requires: [{ indicator: staff-trained, min: 90 }] }
`;

describe('content/indicators.yaml', () => {
  it('the repository file is valid against the catalog in content/', () => {
    const config = loadIndicators(contentDir);
    expect(config.foundationsTrack).toBe('all-staff-foundations');
    expect(config.stages.map((s) => s.stage)).toEqual(['emerging', 'developing', 'practicing', 'embedded']);
    expect(config.indicators.filter((i) => i.source === 'recorded').length).toBeGreaterThan(0);
    expect(catalogSlugs(contentDir).tracks.has('equity-lead')).toBe(true);
  });

  it('parses measured and recorded indicators and the stages', () => {
    const { config, problems } = parseIndicators(valid, catalog);
    expect(problems).toEqual([]);
    expect(config?.indicators).toEqual([
      { key: 'staff-trained', name: 'Trained', description: 'Share trained.', source: 'measured', kind: 'percent', measured: { measure: 'track-completion-share', track: 'all-staff-foundations' } },
      { key: 'plan', name: 'Plan', description: 'Plan adopted.', source: 'recorded', kind: 'boolean', measured: null },
    ]);
    expect(config?.stages[1].requires).toEqual([{ indicator: 'plan', min: true }]);
  });

  it('reports each problem with its line: unknown track, bad min, unknown indicator, stage order', () => {
    const broken = valid
      .replace('track: all-staff-foundations', 'track: no-such-track')
      .replace('{ indicator: plan, min: true }', '{ indicator: plan, min: 50 }')
      .replace('{ indicator: staff-trained, min: 70 }', '{ indicator: nothing, min: 70 }')
      .replace('stage: embedded', 'stage: done');
    const { config, problems } = parseIndicators(broken, catalog);
    expect(config).toBeNull();
    expect(problems).toEqual([
      { line: 7, message: 'no track "no-such-track" in the catalog' },
      { line: 13, message: 'stages must be emerging, developing, practicing, embedded, in that order' },
      { line: 14, message: 'plan is yes/no: min must be true' },
      { line: 15, message: 'no indicator "nothing"' },
    ]);
  });

  it('refuses duplicate keys, a missing kind and malformed YAML', () => {
    const dup = valid.replace('key: plan', 'key: staff-trained').replace('    recorded: boolean\n', '');
    const { problems } = parseIndicators(dup, catalog);
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining(['duplicate indicator "staff-trained" (first on line 3)', 'give exactly one of measure (computed) or recorded (percent | boolean)']),
    );
    expect(parseIndicators('indicators: [', catalog).problems[0].message).toMatch(/^malformed YAML/);
  });
});
