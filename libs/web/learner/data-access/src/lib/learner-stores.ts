import { Injectable, computed, inject } from '@angular/core';
import type { CatalogCourse, MyAssignment, Role } from '@equip/shared/contracts';
import { audienceFits } from '@equip/shared/domain';
import { SessionStore, latestRequest } from '@equip/web/shared/data-access';
import { forkJoin } from 'rxjs';
import { CatalogFilters, LearningApi } from './learning-api';
import { sectionAssignments } from './presentation';

/** How many catalog courses "My learning" suggests. */
export const SUGGESTION_COUNT = 3;

/** "My learning": my assignments in the home page's sections, and a few courses I have not started. Provide it on the page. */
@Injectable()
export class MyLearningStore {
  private readonly api = inject(LearningApi);
  private readonly session = inject(SessionStore);

  readonly home = latestRequest((_: void) => forkJoin({ assignments: this.api.assignments(), catalog: this.api.catalog() }));

  readonly sections = computed(() => {
    const home = this.home.value();
    return home ? sectionAssignments(home.assignments) : undefined;
  });

  /** Catalog courses with no assignment of mine (enrolling creates one) meant for someone like me, in catalog order. */
  readonly suggestions = computed(() => {
    const home = this.home.value();
    return home ? suggestCourses(home.catalog, home.assignments, this.session.user()?.roles ?? ['learner']) : [];
  });

  load(): void {
    this.home.load();
  }
}

export function suggestCourses(catalog: readonly CatalogCourse[], assignments: readonly MyAssignment[], roles: readonly Role[], count = SUGGESTION_COUNT): CatalogCourse[] {
  const mine = new Set(assignments.filter((a) => a.kind === 'course').map((a) => a.slug));
  return catalog.filter((course) => !mine.has(course.slug) && audienceFits(course.audience, roles)).slice(0, count);
}

/** An option of a catalog filter. */
export interface FilterOption {
  value: string;
  label: string;
}

/** The catalog: results for the current filters, and the filters' options (from the whole catalog). Provide it on the page. */
@Injectable()
export class CatalogStore {
  private readonly api = inject(LearningApi);

  readonly all = latestRequest((_: void) => this.api.catalog());
  readonly results = latestRequest((filters: CatalogFilters) => this.api.catalog(filters));

  /** Every competency some course awards, by name. */
  readonly competencyOptions = computed<FilterOption[]>(() => {
    const names = new Map<string, string>();
    for (const course of this.all.value() ?? []) {
      for (const award of course.competencies) names.set(award.competency, award.competencyName);
    }
    return [...names].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  });

  search(filters: CatalogFilters): void {
    if (!this.all.value() && !this.all.loading()) this.all.load();
    this.results.load(filters);
  }
}

/** The learning tracks with my progress, and the competencies I hold. Provide it on the page. */
@Injectable()
export class TracksStore {
  private readonly api = inject(LearningApi);

  readonly overview = latestRequest((_: void) => forkJoin({ tracks: this.api.tracks(), competencies: this.api.competencies() }));

  load(): void {
    this.overview.load();
  }
}

/** One track with my progress. Provide it on the page. */
@Injectable()
export class TrackStore {
  private readonly api = inject(LearningApi);

  readonly track = latestRequest((slug: string) => this.api.track(slug));

  load(slug: string): void {
    this.track.load(slug);
  }
}

/** "My certificates". Provide it on the page. */
@Injectable()
export class CertificatesStore {
  private readonly api = inject(LearningApi);

  readonly certificates = latestRequest((_: void) => this.api.certificates());

  load(): void {
    this.certificates.load();
  }
}
