import {
  AUDIENCES,
  CompetencyAward,
  CompetencyLevel,
  ContentProblem,
  SLUG_PATTERN,
  StoredLesson,
  TrackStep,
} from '@equip/shared/contracts';
import { Dirent, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog, CatalogCompetency, CatalogCourse, CatalogTrack, LoadedCatalog } from './catalog.model';
import { hashOf, sha256 } from './content-hash';
import { parseLesson, normaliseText } from './lessons';
import { LessonFileRef, LinkResolver } from './links';
import { compareProblems } from './problems';
import { Fields, YamlSource } from './yaml-source';

const LESSON_FILE = /^(\d{2})-(.+)\.md$/;
const SLUG_RULE = 'lowercase letters, digits and single hyphens';

/** A cross-reference to check once every file is read: where it was written and what it names. */
interface Reference {
  file: string;
  line: number;
  competency?: { slug: string; level: string; levelLine: number };
}

/**
 * Reads and checks the whole catalog under `dir` (content/README.md is the format). Pure apart
 * from reading files: no database. Returns what could be read and every problem found, each with
 * its file (relative to `dir`) and line, sorted by file and line; publish only when there are none.
 */
export function loadCatalog(dir: string): LoadedCatalog {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`No catalog folder at ${dir}`);
  const problems: ContentProblem[] = [];
  const competencies = readCompetencies(dir, problems);
  const courseFolders = listCourseFolders(dir, problems);
  const links = new LinkResolver(dir, lessonIndex(courseFolders));

  const courses: CatalogCourse[] = [];
  const prerequisiteLines = new Map<string, Map<string, number>>();
  const awards: Reference[] = [];
  for (const folder of courseFolders) {
    const read = readCourse(dir, folder, links, problems);
    if (!read) continue;
    courses.push(read.course);
    prerequisiteLines.set(read.course.slug, read.prerequisiteLines);
    awards.push(...read.awards);
  }
  const courseSlugs = new Set(courses.map((c) => c.slug));
  const tracks = readTracks(dir, courseSlugs, problems, awards);

  for (const award of awards) checkAward(award, competencies, problems);
  for (const course of courses) {
    for (const prerequisite of course.prerequisites) {
      if (!courseSlugs.has(prerequisite)) {
        const line = prerequisiteLines.get(course.slug)?.get(prerequisite) ?? 1;
        problems.push({ file: courseFile(course.slug), line, message: `an unknown prerequisite course "${prerequisite}"` });
      }
    }
  }
  for (const cycle of prerequisiteCycles(courses)) {
    problems.push({
      file: courseFile(cycle[0]),
      line: prerequisiteLines.get(cycle[0])?.get(cycle[1]) ?? 1,
      message: `a prerequisite cycle: ${cycle.join(' → ')}`,
    });
  }

  const catalog: Catalog = { competencies: [...competencies.values()].map((c) => c.competency), courses, tracks };
  return { catalog, problems: problems.sort(compareProblems) };
}

const courseFile = (course: string) => `courses/${course}/course.yaml`;

function sortedEntries(path: string): Dirent[] {
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function readText(dir: string, file: string): string {
  return normaliseText(readFileSync(join(dir, file), 'utf8'));
}

function checkSlug(fields: Fields, key: string, what: string): string | undefined {
  const slug = fields.string(key);
  if (slug !== undefined && !SLUG_PATTERN.test(slug)) {
    fields.problem(key, `${what} "${slug}" is not a slug (${SLUG_RULE})`);
    return undefined;
  }
  return slug;
}

// --- competencies.yaml ------------------------------------------------------------------------

interface ReadCompetency {
  competency: CatalogCompetency;
  levels: Set<string>;
}

function readCompetencies(dir: string, problems: ContentProblem[]): Map<string, ReadCompetency> {
  const out = new Map<string, ReadCompetency>();
  const file = 'competencies.yaml';
  if (!existsSync(join(dir, file))) return out;
  const yaml = new YamlSource(file, readText(dir, file), problems);
  const root = yaml.rootFields('competencies.yaml', { required: ['competencies'], optional: [] });
  const firstLine = new Map<string, number>();
  for (const item of root?.list('competencies') ?? []) {
    const c = yaml.fields(item, 'a competency', { required: ['slug', 'name', 'description', 'levels'], optional: [] });
    if (!c) continue;
    const slug = checkSlug(c, 'slug', 'competency');
    const levels: CompetencyLevel[] = [];
    const levelLines = new Map<string, number>();
    const levelItems = c.list('levels');
    for (const levelNode of levelItems ?? []) {
      const l = yaml.fields(levelNode, 'a level', { required: ['name', 'description'], optional: [] });
      if (!l) continue;
      const name = l.string('name');
      if (name !== undefined && levelLines.has(name)) {
        l.problem('name', `duplicate level "${name}" (first on line ${levelLines.get(name)})`);
      } else if (name !== undefined) levelLines.set(name, l.lineOf('name'));
      levels.push({ name: name ?? '', description: l.string('description') ?? '' });
    }
    if (levelItems && levelItems.length === 0) c.problem('levels', 'a competency needs at least one level');
    const competency = { slug: slug ?? '', name: c.string('name') ?? '', description: c.string('description') ?? '', levels };
    if (slug === undefined) continue;
    if (firstLine.has(slug)) {
      c.problem('slug', `duplicate competency slug "${slug}" (first on line ${firstLine.get(slug)})`);
      continue;
    }
    firstLine.set(slug, c.lineOf('slug'));
    out.set(slug, { competency, levels: new Set(levelLines.keys()) });
  }
  return out;
}

function readAward(fields: Fields): Reference['competency'] | undefined {
  const slug = fields.string('competency');
  const level = fields.string('level');
  return slug !== undefined && level !== undefined ? { slug, level, levelLine: fields.lineOf('level') } : undefined;
}

function checkAward(ref: Reference, competencies: Map<string, ReadCompetency>, problems: ContentProblem[]): void {
  if (!ref.competency) return;
  const known = competencies.get(ref.competency.slug);
  if (!known) {
    problems.push({ file: ref.file, line: ref.line, message: `an unknown competency "${ref.competency.slug}"` });
  } else if (!known.levels.has(ref.competency.level)) {
    problems.push({
      file: ref.file,
      line: ref.competency.levelLine,
      message: `an unknown level "${ref.competency.level}" of competency "${ref.competency.slug}" (its levels: ${[...known.levels].join(', ')})`,
    });
  }
}

// --- courses ----------------------------------------------------------------------------------

interface CourseFolder {
  name: string;
  lessons: { file: string; number: string; slug: string }[];
}

/** Course folders and their lesson files, with problems in the folder layout itself. */
function listCourseFolders(dir: string, problems: ContentProblem[]): CourseFolder[] {
  const root = join(dir, 'courses');
  if (!existsSync(root)) return [];
  const folders: CourseFolder[] = [];
  for (const entry of sortedEntries(root)) {
    const base = `courses/${entry.name}`;
    if (!entry.isDirectory()) {
      problems.push({ file: base, line: 1, message: 'an unexpected file: each course is a folder in courses/' });
      continue;
    }
    const folder: CourseFolder = { name: entry.name, lessons: [] };
    const numbers = new Map<string, string>();
    const slugs = new Map<string, string>();
    let hasCourseYaml = false;
    for (const item of sortedEntries(join(root, entry.name))) {
      const file = `${base}/${item.name}`;
      if (item.name === 'course.yaml' && item.isFile()) {
        hasCourseYaml = true;
        continue;
      }
      if (item.name === 'media' && item.isDirectory()) continue;
      const match = LESSON_FILE.exec(item.name);
      if (!item.isFile() || !item.name.endsWith('.md')) {
        problems.push({ file, line: 1, message: 'an unexpected file: a course folder holds course.yaml, NN-slug.md lessons and a media/ folder' });
      } else if (!match || !SLUG_PATTERN.test(match[2])) {
        problems.push({ file, line: 1, message: `a lesson file name not matching NN-slug.md ("${item.name}": two digits, a hyphen, a slug of ${SLUG_RULE})` });
      } else {
        const [, number, slug] = match;
        if (numbers.has(number)) problems.push({ file, line: 1, message: `two lessons numbered ${number} (also ${numbers.get(number)})` });
        else numbers.set(number, item.name);
        if (slugs.has(slug)) problems.push({ file, line: 1, message: `duplicate lesson slug "${slug}" (also ${slugs.get(slug)})` });
        else slugs.set(slug, item.name);
        folder.lessons.push({ file, number, slug });
      }
    }
    if (!hasCourseYaml) problems.push({ file: `${base}/course.yaml`, line: 1, message: 'a course folder without course.yaml' });
    else folders.push(folder);
  }
  return folders;
}

function lessonIndex(folders: CourseFolder[]): Map<string, LessonFileRef> {
  const index = new Map<string, LessonFileRef>();
  for (const folder of folders) {
    for (const lesson of folder.lessons) index.set(lesson.file, { course: folder.name, lesson: lesson.slug });
  }
  return index;
}

function readCourse(dir: string, folder: CourseFolder, links: LinkResolver, problems: ContentProblem[]) {
  const file = courseFile(folder.name);
  const yaml = new YamlSource(file, readText(dir, file), problems);
  const fields = yaml.rootFields('course.yaml', {
    required: ['slug', 'title', 'summary', 'audience', 'estimatedMinutes'],
    optional: ['competencies', 'prerequisites', 'tags'],
  });
  if (!SLUG_PATTERN.test(folder.name)) {
    problems.push({ file, line: 1, message: `a course folder name must be a slug (${SLUG_RULE}): "${folder.name}"` });
  }
  const slug = fields ? checkSlug(fields, 'slug', 'course') : undefined;
  if (fields && slug !== undefined && slug !== folder.name) {
    fields.problem('slug', `a course whose slug "${slug}" differs from its folder "${folder.name}"`);
  }

  const awards: Reference[] = [];
  const competencies: CompetencyAward[] = [];
  for (const item of fields?.list('competencies') ?? []) {
    const award = yaml.fields(item, 'a competency award', { required: ['competency', 'level'], optional: [] });
    const ref = award && readAward(award);
    if (!award || !ref) continue;
    competencies.push({ competency: ref.slug, level: ref.level });
    awards.push({ file, line: award.lineOf('competency'), competency: ref });
  }
  const prerequisiteLines = new Map<string, number>();
  for (const { value, line } of fields?.stringList('prerequisites') ?? []) {
    if (prerequisiteLines.has(value)) problems.push({ file, line, message: `prerequisite "${value}" is listed twice` });
    else prerequisiteLines.set(value, line);
  }

  const lessons: StoredLesson[] = [];
  const media = new Set<string>();
  const hashInputs: unknown[] = [];
  for (const lessonFile of folder.lessons) {
    const parsed = parseLesson(dir, { file: lessonFile.file, course: folder.name, slug: lessonFile.slug }, links, problems);
    if (parsed.lesson) lessons.push(parsed.lesson);
    parsed.media.forEach((m) => media.add(m));
    hashInputs.push(parsed.hashInput);
  }
  if (folder.lessons.length === 0) problems.push({ file, line: 1, message: 'a course without lessons (NN-slug.md files beside course.yaml)' });
  if (!fields) return undefined;

  const mediaFiles = [...media].sort();
  const contentHash = hashOf({
    course: yaml.data,
    lessons: hashInputs,
    media: mediaFiles.map((path) => ({ path, sha256: sha256(readFileSync(join(dir, path))) })),
  });
  const course: CatalogCourse = {
    slug: folder.name,
    title: fields.string('title') ?? '',
    summary: fields.string('summary') ?? '',
    audience: fields.oneOf('audience', AUDIENCES) ?? 'all-staff',
    estimatedMinutes: fields.integer('estimatedMinutes', 1) ?? 0,
    competencies,
    prerequisites: [...prerequisiteLines.keys()],
    tags: [...new Set((fields.stringList('tags') ?? []).map((t) => t.value))],
    lessons,
    media: mediaFiles,
    contentHash,
  };
  return { course, prerequisiteLines, awards };
}

/** Each cycle once, as slugs from its alphabetically first course back to it: [a, b, c, a]. */
export function prerequisiteCycles(courses: Pick<CatalogCourse, 'slug' | 'prerequisites'>[]): string[][] {
  const graph = new Map(courses.map((c) => [c.slug, c.prerequisites.filter((p) => courses.some((o) => o.slug === p))]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles = new Map<string, string[]>();
  const visit = (slug: string) => {
    state.set(slug, 'open');
    stack.push(slug);
    for (const next of graph.get(slug) ?? []) {
      if (state.get(next) === 'open') {
        const loop = stack.slice(stack.indexOf(next));
        const start = loop.indexOf([...loop].sort()[0]);
        const rotated = [...loop.slice(start), ...loop.slice(0, start)];
        cycles.set(rotated.join(' '), [...rotated, rotated[0]]);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(slug, 'done');
  };
  for (const slug of [...graph.keys()].sort()) if (!state.has(slug)) visit(slug);
  return [...cycles.values()].sort((a, b) => (a.join(' ') < b.join(' ') ? -1 : 1));
}

// --- tracks -----------------------------------------------------------------------------------

function readTracks(dir: string, courseSlugs: Set<string>, problems: ContentProblem[], awards: Reference[]): CatalogTrack[] {
  const root = join(dir, 'tracks');
  if (!existsSync(root)) return [];
  const tracks: CatalogTrack[] = [];
  const slugFiles = new Map<string, string>();
  for (const entry of sortedEntries(root)) {
    const file = `tracks/${entry.name}`;
    if (!entry.isFile() || !entry.name.endsWith('.yaml')) {
      problems.push({ file, line: 1, message: 'an unexpected file: each track is a tracks/<slug>.yaml file' });
      continue;
    }
    const yaml = new YamlSource(file, readText(dir, file), problems);
    const fields = yaml.rootFields('a track', { required: ['slug', 'title', 'summary', 'audience', 'steps'], optional: ['awards'] });
    if (!fields) continue;
    const slug = checkSlug(fields, 'slug', 'track');
    const fileSlug = entry.name.slice(0, -'.yaml'.length);
    if (slug !== undefined && slug !== fileSlug) fields.problem('slug', `a track whose slug "${slug}" differs from its file name "${entry.name}"`);
    if (slug !== undefined && slugFiles.has(slug)) fields.problem('slug', `duplicate track slug "${slug}" (also ${slugFiles.get(slug)})`);
    else if (slug !== undefined) slugFiles.set(slug, file);

    const steps: TrackStep[] = [];
    const stepItems = fields.list('steps');
    for (const item of stepItems ?? []) {
      const step = yaml.fields(item, 'a step', { required: ['course'], optional: ['optional'] });
      const course = step?.string('course');
      if (!step || course === undefined) continue;
      if (!courseSlugs.has(course)) step.problem('course', `a track naming an unknown course "${course}"`);
      if (steps.some((s) => s.course === course)) step.problem('course', `a track naming course "${course}" twice`);
      steps.push({ course, optional: step.boolean('optional', false) });
    }
    if (stepItems && stepItems.length === 0) fields.problem('steps', 'a track needs at least one step');
    else if (steps.length > 0 && steps.every((s) => s.optional)) fields.problem('steps', 'a track needs at least one step that is not optional');

    let award: CompetencyAward | null = null;
    if (fields.has('awards')) {
      const a = yaml.fields(fields.node('awards'), '"awards"', { required: ['competency', 'level'], optional: [] }, fields.lineOf('awards'));
      const ref = a && readAward(a);
      if (a && ref) {
        award = { competency: ref.slug, level: ref.level };
        awards.push({ file, line: a.lineOf('competency'), competency: ref });
      }
    }
    const track = {
      slug: slug ?? fileSlug,
      title: fields.string('title') ?? '',
      summary: fields.string('summary') ?? '',
      audience: fields.oneOf('audience', AUDIENCES) ?? 'all-staff',
      steps,
      awards: award,
    };
    tracks.push({ ...track, contentHash: hashOf(track) });
  }
  return tracks;
}
