import type { Audience, CompetencyAward, CompetencyLevel, ContentProblem, StoredLesson, TrackStep } from '@equip/shared/contracts';

/** The catalog as read from `content/`, ready to publish. */
export interface Catalog {
  competencies: CatalogCompetency[];
  courses: CatalogCourse[];
  tracks: CatalogTrack[];
}

export interface CatalogCompetency {
  slug: string;
  name: string;
  description: string;
  levels: CompetencyLevel[];
}

export interface CatalogCourse {
  slug: string;
  title: string;
  summary: string;
  audience: Audience;
  estimatedMinutes: number;
  competencies: CompetencyAward[];
  prerequisites: string[];
  tags: string[];
  lessons: StoredLesson[];
  /** Media files the lessons use, relative to `content/`; their bytes are part of the hash. */
  media: string[];
  /** SHA-256 of course.yaml's data, each lesson's front matter and body, and the media bytes. */
  contentHash: string;
}

export interface CatalogTrack {
  slug: string;
  title: string;
  summary: string;
  audience: Audience;
  steps: TrackStep[];
  awards: CompetencyAward | null;
  contentHash: string;
}

export interface LoadedCatalog {
  catalog: Catalog;
  /** Sorted by file, then line. The catalog is only fit to publish when this is empty. */
  problems: ContentProblem[];
}
