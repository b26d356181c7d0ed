import type { KnowledgeCheckLesson, VideoLesson } from '@equip/shared/contracts';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog, prerequisiteCycles } from './load-catalog';
import { formatProblems } from './problems';

const fixture = (name: string) => join(__dirname, '__fixtures__', name);
/** A copy of a fixture catalog to edit. */
const copyOf = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'equip-catalog-'));
  cpSync(fixture(name), dir, { recursive: true });
  return dir;
};
const edit = (dir: string, file: string, change: (text: string) => string) => writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

describe('loadCatalog on a catalog with a problem of every kind', () => {
  const { problems } = loadCatalog(fixture('broken'));

  // [what the test protects, file, line, message]
  const expected: [string, string, number, string][] = [
    ['malformed YAML in front matter, at the parser line in the .md file', 'courses/alpha/05-broken-yaml.md', 3, 'malformed YAML: Nested mappings are not allowed in compact mappings'],
    ['malformed YAML in a whole-file YAML', 'tracks/malformed.yaml', 7, 'malformed YAML: '],
    ['unknown lesson type', 'courses/alpha/04-quiz.md', 2, 'unknown lesson type "quiz"'],
    ['missing required key', 'courses/alpha/06-reflect.md', 2, 'missing required key "prompt"'],
    ['unknown key (a typo)', 'courses/alpha/06-reflect.md', 5, 'unknown key "requried"'],
    ['question with no correct option', 'courses/alpha/02-check.md', 16, 'a question with no correct option (q2)'],
    ['single question with more than one correct option', 'courses/alpha/02-check.md', 24, 'a single-choice question with more than one correct option (q3)'],
    ['pass mark above the number of questions', 'courses/alpha/02-check.md', 5, 'a pass mark above the number of questions (4 > 3)'],
    ['duplicate option id', 'courses/alpha/02-check.md', 31, 'duplicate option id "a" in question q3 (first on line 28)'],
    ['track naming an unknown course', 'tracks/foundations.yaml', 7, 'a track naming an unknown course "missing-course"'],
    ['track naming a course twice', 'tracks/foundations.yaml', 8, 'a track naming course "alpha" twice'],
    ['unknown competency', 'courses/alpha/course.yaml', 9, 'an unknown competency "nonexistent"'],
    ['unknown level of a competency', 'courses/alpha/course.yaml', 8, 'an unknown level "Expert" of competency "foundations" (its levels: Aware)'],
    ['prerequisite cycle, named', 'courses/alpha/course.yaml', 11, 'a prerequisite cycle: alpha → beta → alpha'],
    ['unknown prerequisite', 'courses/beta/course.yaml', 8, 'an unknown prerequisite course "nowhere"'],
    ['video without a transcript', 'courses/alpha/03-video.md', 2, 'a video without a transcript'],
    ['lesson longer than 15 minutes', 'courses/alpha/03-video.md', 4, 'a lesson longer than 15 minutes (20)'],
    ['broken link between lessons, at the body line', 'courses/alpha/01-reading.md', 8, 'a broken link between lessons: ./02-missing.md'],
    ['broken link to media, inside a blockquote', 'courses/alpha/01-reading.md', 12, 'a broken link to media: media/nope.pdf'],
    ['external link that is not https', 'courses/alpha/01-reading.md', 14, 'an external link that is not https: http://example.com'],
    ['image without alt text', 'courses/alpha/01-reading.md', 10, 'an image without alt text: media/diagram.png'],
    ['duplicate competency slug', 'competencies.yaml', 10, 'duplicate competency slug "foundations" (first on line 2)'],
    ['duplicate level name', 'competencies.yaml', 8, 'duplicate level "Aware" (first on line 6)'],
    ['duplicate lesson slug', 'courses/gamma-folder/02-same.md', 1, 'duplicate lesson slug "same" (also 01-same.md)'],
    ['lesson file name not matching NN-slug.md', 'courses/alpha/intro.md', 1, 'a lesson file name not matching NN-slug.md'],
    ['course slug differing from its folder', 'courses/gamma-folder/course.yaml', 1, 'a course whose slug "gamma" differs from its folder "gamma-folder"'],
    ['course folder without course.yaml', 'courses/delta/course.yaml', 1, 'a course folder without course.yaml'],
  ];

  it.each(expected)('reports %s', (_, file, line, message) => {
    expect(problems).toContainEqual({ file, line, message: expect.stringContaining(message) });
  });

  it('reports nothing else, sorted by file and line', () => {
    expect(problems).toHaveLength(expected.length);
    const order = problems.map((p) => `${p.file}:${String(p.line).padStart(4, '0')}`);
    expect(order).toEqual([...order].sort());
  });

  it('formats each problem as content/<file>:<line>: <message>', () => {
    expect(formatProblems(problems)).toContain('content/courses/alpha/02-check.md:16: a question with no correct option (q2)');
  });
});

describe('loadCatalog on a valid catalog', () => {
  const { catalog, problems } = loadCatalog(fixture('valid'));
  const basics = catalog.courses.find((c) => c.slug === 'equity-basics')!;

  it('finds no problems and reads every course, lesson, track and competency', () => {
    expect(formatProblems(problems)).toEqual([]);
    expect(catalog.courses.map((c) => c.slug)).toEqual(['community-engagement', 'equity-basics']);
    expect(basics.lessons.map((l) => `${l.type}:${l.slug}`)).toEqual(['reading:welcome', 'video:history', 'knowledge-check:check', 'reflection:reflect', 'attestation:commit']);
    expect(catalog.tracks).toEqual([
      expect.objectContaining({
        slug: 'all-staff-foundations',
        audience: 'all-staff',
        steps: [
          { course: 'equity-basics', optional: false },
          { course: 'community-engagement', optional: true },
        ],
        awards: { competency: 'racial-equity-foundations', level: 'Practicing' },
      }),
    ]);
    expect(catalog.competencies.map((c) => [c.slug, c.levels.map((l) => l.name)])).toEqual([
      ['racial-equity-foundations', ['Aware', 'Practicing']],
      ['community-engagement', ['Aware']],
    ]);
    expect(catalog.courses[0]).toMatchObject({ audience: 'managers', estimatedMinutes: 10, prerequisites: ['equity-basics'], tags: [] });
  });

  it('renders Markdown with media and lesson links rewritten for the player', () => {
    const html = basics.lessons[0].html;
    expect(html).toContain('<img src="/api/catalog/media/equity-basics/fence.png" alt="Three people');
    expect(html).toContain('<a href="/learn/courses/equity-basics/lessons/history">a short history</a>');
    expect(html).toContain('<td><a href="/learn/courses/equity-basics/lessons/check">fair outcomes</a></td>');
    expect(html).toContain('<a href="https://www.racialequityalliance.org">');
    expect(catalog.courses[0].lessons[0].html).toContain('href="/learn/courses/equity-basics/lessons/welcome#welcome"');
  });

  it('keeps questions with their correct flags and feedback, and the video media as urls', () => {
    const check = basics.lessons[2] as KnowledgeCheckLesson;
    expect(check).toMatchObject({ passMark: 1, attempts: 0, required: true, minutes: 5 });
    expect(check.questions[0].options).toEqual([
      { id: 'a', text: 'Everyone gets the same thing.', correct: false, feedback: 'That is equality.' },
      { id: 'b', text: 'Everyone gets what they need to thrive.', correct: true, feedback: 'Yes.' },
    ]);
    expect(check.questions[1]).toMatchObject({ id: 'q2', kind: 'multiple' });
    const video = basics.lessons[1] as VideoLesson;
    expect(video).toMatchObject({
      video: 'https://video.example.org/history.mp4',
      captions: '/api/catalog/media/equity-basics/history.vtt',
      transcript: '/api/catalog/media/equity-basics/history-transcript.md',
    });
    expect(video.transcriptHtml).toContain('<h1>Transcript</h1>');
    expect(basics.lessons[3].required).toBe(false);
    expect(basics.media).toEqual([
      'courses/equity-basics/media/fence.png',
      'courses/equity-basics/media/history-transcript.md',
      'courses/equity-basics/media/history.vtt',
    ]);
  });
});

describe('content hashes', () => {
  const hashes = (dir: string) => {
    const { catalog, problems } = loadCatalog(dir);
    expect(problems).toEqual([]);
    return Object.fromEntries([...catalog.courses, ...catalog.tracks].map((x) => [x.slug, x.contentHash]));
  };
  const original = hashes(fixture('valid'));

  it('are stable, and ignore YAML comments, quoting and key order', () => {
    const dir = copyOf('valid');
    expect(hashes(dir)).toEqual(original);
    edit(dir, 'courses/equity-basics/course.yaml', (t) => `# a comment\ntitle: "Equity basics"\n${t.replace('title: Equity basics\n', '')}`);
    edit(dir, 'courses/equity-basics/01-welcome.md', (t) => t.replace(/\n/g, '\r\n'));
    expect(hashes(dir)).toEqual(original);
  });

  it('change for the one course whose lesson changed', () => {
    const dir = copyOf('valid');
    edit(dir, 'courses/equity-basics/04-reflect.md', (t) => t.replace('Take a few minutes.', 'Take five minutes.'));
    expect(hashes(dir)).toEqual({ ...original, 'equity-basics': expect.not.stringMatching(original['equity-basics']) });
  });

  it('change when a media file the lessons use changes', () => {
    const dir = copyOf('valid');
    writeFileSync(join(dir, 'courses/equity-basics/media/history.vtt'), 'WEBVTT\n\n00:00.000 --> 00:01.000\nChanged.\n');
    expect(hashes(dir)['equity-basics']).not.toBe(original['equity-basics']);
  });

  it('change for a track whose steps change', () => {
    const dir = copyOf('valid');
    edit(dir, 'tracks/all-staff-foundations.yaml', (t) => t.replace('    optional: true\n', ''));
    expect(hashes(dir)).toEqual({ ...original, 'all-staff-foundations': expect.not.stringMatching(original['all-staff-foundations']) });
  });
});

describe('line numbers', () => {
  it('are the lines of the file with CRLF line ends and a BOM', () => {
    const dir = copyOf('valid');
    edit(dir, 'courses/equity-basics/03-check.md', (t) => `\uFEFF${t.replace('passMark: 1', 'passMark: 3').replace(/\n/g, '\r\n')}`);
    expect(loadCatalog(dir).problems).toEqual([{ file: 'courses/equity-basics/03-check.md', line: 5, message: 'a pass mark above the number of questions (3 > 2)' }]);
  });

  it('point into lists, tables, blockquotes and reference links; links in code are not links', () => {
    const dir = copyOf('valid');
    const body = [
      'Intro.', // 6
      '', // 7
      '- one', // 8
      '- two [a](./09-a.md)', // 9
      '', // 10
      '| x | y |', // 11
      '|---|---|', // 12
      '| 1 | [b](./09-b.md) |', // 13
      '', // 14
      '> quoted', // 15
      '> [c](./09-c.md)', // 16
      '', // 17
      '```', // 18
      '[not a link](./09-x.md)', // 19
      '```', // 20
      '', // 21
      'See [d][ref] and `[e](./09-e.md)`.', // 22
      '', // 23
      '[ref]: ./09-d.md', // 24
    ].join('\n');
    writeFileSync(join(dir, 'courses/equity-basics/05-commit.md'), `---\ntype: reading\ntitle: T\nminutes: 1\n---\n${body}\n`);
    expect(loadCatalog(dir).problems.map((p) => [p.line, p.message.split(':')[1].trim()])).toEqual([
      [9, './09-a.md (no lesson courses/equity-basics/09-a.md)'],
      [13, './09-b.md (no lesson courses/equity-basics/09-b.md)'],
      [16, './09-c.md (no lesson courses/equity-basics/09-c.md)'],
      [22, './09-d.md (no lesson courses/equity-basics/09-d.md)'],
    ]);
  });
});

describe('prerequisiteCycles', () => {
  it('names each cycle once, from its alphabetically first course', () => {
    const courses = [
      { slug: 'c', prerequisites: ['a'] },
      { slug: 'a', prerequisites: ['b'] },
      { slug: 'b', prerequisites: ['c', 'd'] },
      { slug: 'd', prerequisites: [] },
      { slug: 'e', prerequisites: ['e'] },
    ];
    expect(prerequisiteCycles(courses)).toEqual([
      ['a', 'b', 'c', 'a'],
      ['e', 'e'],
    ]);
  });

  it('finds none in a chain', () => {
    expect(prerequisiteCycles([{ slug: 'a', prerequisites: ['b'] }, { slug: 'b', prerequisites: [] }])).toEqual([]);
  });
});

describe('the real catalog in content/', () => {
  it('has no problems', () => {
    const { problems } = loadCatalog(join(__dirname, '../../../../../content'));
    expect(formatProblems(problems)).toEqual([]);
  });
});
