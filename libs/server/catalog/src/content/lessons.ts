import {
  LESSON_TYPES,
  LessonType,
  MAX_LESSON_MINUTES,
  Question,
  QUESTION_KINDS,
  QuestionOption,
  StoredLesson,
  type ContentProblem,
} from '@equip/shared/contracts';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { isMap } from 'yaml';
import type { LinkResolver } from './links';
import { renderMarkdown } from './markdown';
import { Fields, KeySpec, YamlSource } from './yaml-source';

const COMMON = { required: ['type', 'title', 'minutes'], optional: ['required'] } as const;

/** Keys each lesson type takes besides the common ones. */
const TYPE_KEYS: Record<LessonType, KeySpec> = {
  reading: { required: [], optional: [] },
  // captions and transcript are checked with their own message: "a video without a transcript"
  video: { required: ['video'], optional: ['captions', 'transcript'] },
  'knowledge-check': { required: ['passMark', 'questions'], optional: ['attempts'] },
  reflection: { required: ['prompt'], optional: [] },
  attestation: { required: ['statement'], optional: [] },
};
const ANY_TYPE_KEYS = [...new Set(Object.values(TYPE_KEYS).flatMap((k) => [...k.required, ...k.optional]))];

export interface LessonSource {
  /** Relative to `content/`: `courses/<course>/<NN>-<slug>.md`. */
  file: string;
  course: string;
  slug: string;
}

export interface ParsedLesson {
  lesson: StoredLesson | null;
  media: string[];
  /** What the course's content hash covers for this lesson: its front matter as data, and its body. */
  hashInput: unknown;
}

/** Splits front matter from body, checks the front matter and renders the body. */
export function parseLesson(contentDir: string, source: LessonSource, links: LinkResolver, problems: ContentProblem[]): ParsedLesson {
  const text = normaliseText(readFileSync(join(contentDir, source.file), 'utf8'));
  const lines = text.split('\n');
  const report = (line: number, message: string) => problems.push({ file: source.file, line, message });
  if (lines[0].trimEnd() !== '---') {
    report(1, 'a lesson starts with front matter: a --- line, its keys, then a closing --- line');
    return { lesson: null, media: [], hashInput: text };
  }
  const close = lines.findIndex((l, i) => i > 0 && l.trimEnd() === '---');
  if (close === -1) {
    report(1, 'the front matter has no closing --- line');
    return { lesson: null, media: [], hashInput: text };
  }
  const yaml = new YamlSource(source.file, lines.slice(1, close).join('\n'), problems, 1);
  const body = lines.slice(close + 1).join('\n');
  // The body is the lesson's (and its links are checked) even when the front matter is broken.
  const media = new Set<string>();
  const rendered = renderMarkdown(body, { file: source.file, lineOffset: close + 1 }, links, problems);
  rendered.media.forEach((m) => media.add(m));
  const hashInput = { file: posix.basename(source.file), frontMatter: yaml.data, body: body.trim() };

  const type = lessonType(yaml);
  const keys = type ? TYPE_KEYS[type] : { required: [], optional: ANY_TYPE_KEYS };
  const fields = yaml.rootFields('the front matter', {
    required: [...COMMON.required, ...keys.required],
    optional: [...COMMON.optional, ...keys.optional],
  });
  if (!fields || !type) return { lesson: null, media: [...media], hashInput };

  const title = fields.string('title');
  const minutes = fields.number('minutes');
  if (minutes !== undefined && minutes > MAX_LESSON_MINUTES) {
    fields.problem('minutes', `a lesson longer than ${MAX_LESSON_MINUTES} minutes (${minutes})`);
  } else if (minutes !== undefined && minutes < 1) {
    fields.problem('minutes', `"minutes" must be a whole number from 1 to ${MAX_LESSON_MINUTES}`);
  }
  const common = { slug: source.slug, title: title ?? '', minutes: minutes ?? 0, required: fields.boolean('required', true), html: rendered.html };

  let lesson: StoredLesson;
  switch (type) {
    case 'reading':
      lesson = { type, ...common };
      break;
    case 'reflection':
      lesson = { type, ...common, prompt: fields.string('prompt') ?? '' };
      break;
    case 'attestation':
      lesson = { type, ...common, statement: fields.string('statement') ?? '' };
      break;
    case 'video':
      lesson = { type, ...common, ...videoData(fields, source, links, media, problems) };
      break;
    case 'knowledge-check':
      lesson = { type, ...common, ...knowledgeCheck(fields) };
      break;
  }
  return { lesson, media: [...media], hashInput };
}

/** UTF-8 text with the BOM dropped and every line ending a plain \n (line numbers are unchanged). */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function lessonType(yaml: YamlSource): LessonType | undefined {
  if (!isMap(yaml.root)) return undefined;
  const node = yaml.root.get('type', true);
  const value = node?.value;
  if (value === undefined || value === null) return undefined; // reported as a missing key
  if (typeof value === 'string' && (LESSON_TYPES as readonly string[]).includes(value)) return value as LessonType;
  yaml.problem(yaml.lineOf(node), `unknown lesson type "${String(value)}" (expected ${LESSON_TYPES.join(', ')})`);
  return undefined;
}

function videoData(fields: Fields, source: LessonSource, links: LinkResolver, media: Set<string>, problems: ContentProblem[]) {
  const courseMedia = `courses/${source.course}/media/`;
  /** A key naming a file in the course's media/ folder, with the extension it must have. */
  const mediaFile = (key: string, extension: string): { url: string; path: string } | undefined => {
    const value = fields.string(key);
    if (value === undefined) return undefined;
    const target = links.resolve(source.file, value);
    if (target.kind === 'problem') fields.problem(key, target.message);
    else if (target.kind !== 'media' || !target.path.startsWith(courseMedia) || !target.path.endsWith(extension)) {
      fields.problem(key, `"${key}" must be a ${extension} file in this course's media/ folder (got ${value})`);
    } else {
      media.add(target.path);
      return { url: target.url, path: target.path };
    }
    return undefined;
  };

  let video = '';
  const videoValue = fields.string('video');
  if (videoValue !== undefined) {
    if (/^https:\/\//i.test(videoValue)) video = videoValue;
    else {
      const target = links.resolve(source.file, videoValue);
      if (target.kind === 'media' && target.path.startsWith(courseMedia)) {
        media.add(target.path);
        video = target.url;
      } else {
        const message = `"video" must be an https URL or a file in this course's media/ folder (got ${videoValue})`;
        fields.problem('video', target.kind === 'problem' ? target.message : message);
      }
    }
  }
  if (!fields.has('captions')) fields.source.problem(fields.line, 'a video without captions (a media/*.vtt file)');
  if (!fields.has('transcript')) fields.source.problem(fields.line, 'a video without a transcript (a media/*.md file)');
  const captions = mediaFile('captions', '.vtt');
  const transcript = mediaFile('transcript', '.md');
  let transcriptHtml = '';
  if (transcript) {
    // The transcript is Markdown too: its links are checked, from its own folder, with its own lines.
    const text = normaliseText(readFileSync(join(links.contentDir, transcript.path), 'utf8'));
    const rendered = renderMarkdown(text, { file: transcript.path, lineOffset: 0 }, links, problems);
    rendered.media.forEach((m) => media.add(m));
    transcriptHtml = rendered.html;
  }
  return { video, captions: captions?.url ?? '', transcript: transcript?.url ?? '', transcriptHtml };
}

function knowledgeCheck(fields: Fields) {
  const source = fields.source;
  const questions: Question[] = [];
  const questionLines = new Map<string, number>();
  const items = fields.list('questions');
  for (const item of items ?? []) {
    const q = source.fields(item, 'a question', { required: ['id', 'prompt', 'kind', 'options'], optional: [] });
    if (!q) continue;
    const id = q.string('id');
    if (id !== undefined) {
      const first = questionLines.get(id);
      if (first !== undefined) q.problem('id', `duplicate question id "${id}" (first on line ${first})`);
      else questionLines.set(id, q.lineOf('id'));
    }
    const kind = q.oneOf('kind', QUESTION_KINDS);
    const options: QuestionOption[] = [];
    const optionLines = new Map<string, number>();
    for (const optionNode of q.list('options') ?? []) {
      const o = source.fields(optionNode, 'an option', { required: ['id', 'text'], optional: ['correct', 'feedback'] });
      if (!o) continue;
      const optionId = o.string('id');
      if (optionId !== undefined) {
        const first = optionLines.get(optionId);
        if (first !== undefined) o.problem('id', `duplicate option id "${optionId}" in question ${id ?? '?'} (first on line ${first})`);
        else optionLines.set(optionId, o.lineOf('id'));
      }
      options.push({
        id: optionId ?? '',
        text: o.string('text') ?? '',
        correct: o.boolean('correct', false),
        feedback: o.has('feedback') ? (o.string('feedback') ?? null) : null,
      });
    }
    const name = id ?? `question on line ${q.line}`;
    const correct = options.filter((o) => o.correct).length;
    if (q.has('options') && options.length < 2) source.problem(q.line, `a question needs at least two options (${name})`);
    else if (options.length > 0 && correct === 0) source.problem(q.line, `a question with no correct option (${name})`);
    else if (kind === 'single' && correct > 1) source.problem(q.line, `a single-choice question with more than one correct option (${name})`);
    questions.push({ id: id ?? '', prompt: q.string('prompt') ?? '', kind: kind ?? 'single', options });
  }
  if (items && items.length === 0) {
    fields.problem('questions', 'a knowledge check needs at least one question');
  }
  const passMark = fields.number('passMark');
  if (passMark !== undefined && passMark > questions.length && questions.length > 0) {
    fields.problem('passMark', `a pass mark above the number of questions (${passMark} > ${questions.length})`);
  } else if (passMark !== undefined && passMark < 1) {
    fields.problem('passMark', '"passMark" must be a whole number from 1 to the number of questions');
  }
  const attempts = fields.has('attempts') ? fields.integer('attempts', 0) : 0;
  return { passMark: passMark ?? 0, attempts: attempts ?? 0, questions };
}
