import { CATALOG_MEDIA_URL_PREFIX, LESSON_ROUTE_PREFIX } from '@equip/shared/contracts';
import { statSync } from 'node:fs';
import { join, posix } from 'node:path';

/** A lesson file of the catalog, by its path relative to `content/`. */
export interface LessonFileRef {
  course: string;
  lesson: string;
}

export type LinkTarget =
  /** An https URL, mailto:, tel: or a #fragment: left as written. */
  | { kind: 'keep' }
  | { kind: 'lesson'; course: string; lesson: string; url: string }
  /** `path` is relative to `content/`; `url` is where the api serves it. */
  | { kind: 'media'; path: string; url: string }
  | { kind: 'problem'; message: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const MEDIA_PATH = /^courses\/([^/]+)\/media\/(.+)$/;
const COURSE_FILE = /^courses\/([^/]+)\/([^/]+)$/;

export function mediaUrl(course: string, pathInMedia: string): string {
  return `${CATALOG_MEDIA_URL_PREFIX}/${encodeURIComponent(course)}/${pathInMedia.split('/').map(encodeURIComponent).join('/')}`;
}

export function lessonUrl(course: string, lesson: string): string {
  return `${LESSON_ROUTE_PREFIX}/${course}/lessons/${lesson}`;
}

/**
 * Resolves a link written in a catalog file the way a Markdown previewer would (relative to the
 * file's folder) and says what it points at: a lesson file, a file in a course's media/ folder,
 * or the outside world. Anything else is a problem, in the words `content:check` prints.
 */
export class LinkResolver {
  private readonly fileExists = new Map<string, boolean>();

  constructor(
    readonly contentDir: string,
    private readonly lessonFiles: ReadonlyMap<string, LessonFileRef>,
  ) {}

  resolve(fromFile: string, href: string): LinkTarget {
    const target = href.trim();
    if (target === '' || target.startsWith('#')) return { kind: 'keep' };
    const scheme = SCHEME.exec(target)?.[1]?.toLowerCase();
    if (scheme === 'https' || scheme === 'mailto' || scheme === 'tel') return { kind: 'keep' };
    if (scheme === 'http') return { kind: 'problem', message: `an external link that is not https: ${target}` };
    if (scheme) return { kind: 'problem', message: `a link with an unsupported scheme: ${target}` };
    if (target.startsWith('/')) {
      return { kind: 'problem', message: `an absolute link: ${target} (link lessons and media with relative paths, other sites with https URLs)` };
    }

    const cut = target.search(/[?#]/);
    const pathPart = cut === -1 ? target : target.slice(0, cut);
    const fragment = cut === -1 ? '' : target.slice(cut).replace(/^\?[^#]*/, '');
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathPart);
    } catch {
      decoded = pathPart;
    }
    const resolved = posix.normalize(posix.join(posix.dirname(fromFile), decoded));
    const toLesson = decoded.endsWith('.md') && !MEDIA_PATH.test(resolved);
    if (resolved.startsWith('../') || resolved === '..') {
      return { kind: 'problem', message: `a broken link ${toLesson ? 'between lessons' : 'to media'}: ${target} is outside the catalog` };
    }

    const media = MEDIA_PATH.exec(resolved);
    if (media) {
      if (!this.isFile(resolved)) return { kind: 'problem', message: `a broken link to media: ${target} (no file ${resolved})` };
      return { kind: 'media', path: resolved, url: mediaUrl(media[1], media[2]) + fragment };
    }
    if (toLesson) {
      const lesson = this.lessonFiles.get(resolved);
      if (!lesson) return { kind: 'problem', message: `a broken link between lessons: ${target} (no lesson ${resolved})` };
      return { kind: 'lesson', ...lesson, url: lessonUrl(lesson.course, lesson.lesson) + fragment };
    }
    const hint = COURSE_FILE.test(resolved) ? "files a lesson links to go in the course's media/ folder" : 'not a lesson or a media/ file';
    return { kind: 'problem', message: `a broken link to media: ${target} (${hint})` };
  }

  isFile(pathInContent: string): boolean {
    let known = this.fileExists.get(pathInContent);
    if (known === undefined) {
      try {
        known = statSync(join(this.contentDir, pathInContent)).isFile();
      } catch {
        known = false;
      }
      this.fileExists.set(pathInContent, known);
    }
    return known;
  }
}
