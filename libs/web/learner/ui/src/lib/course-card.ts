import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Audience, CatalogCourse } from '@equip/shared/contracts';

/** How each audience is named on the learner pages. */
export const AUDIENCE_LABELS: Record<Audience, string> = {
  'all-staff': 'All staff',
  managers: 'Managers',
  'equity-leads': 'Equity leads',
};

/** One catalog course as a card: its title (a link to the course page) as a heading, summary and facts. */
@Component({
  selector: 'equip-course-card',
  imports: [RouterLink, NgTemplateOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <article class="course-card">
      @if (headingLevel() === 3) {
        <h3 class="course-card__title"><ng-container [ngTemplateOutlet]="title" /></h3>
      } @else {
        <h2 class="course-card__title"><ng-container [ngTemplateOutlet]="title" /></h2>
      }
      <ng-template #title
        ><a [routerLink]="['/learn/courses', course().slug]">{{ course().title }}</a></ng-template
      >
      <p class="course-card__summary">{{ course().summary }}</p>
      <ul class="course-card__facts">
        <li>{{ course().estimatedMinutes }} minutes</li>
        <li>{{ course().lessonCount }} lessons</li>
        <li>For {{ audience() }}</li>
        @for (award of course().competencies; track award.competency) {
          <li>Earns {{ award.competencyName }}: {{ award.level }}</li>
        }
      </ul>
    </article>
  `,
  styles: `
    .course-card {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 1rem;
      overflow-wrap: anywhere;
    }
    .course-card__title {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.5rem;
    }
    .course-card__summary {
      margin: 0 0 0.5rem;
    }
    .course-card__facts {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      margin: 0;
      padding: 0;
      list-style: none;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class CourseCard {
  readonly course = input.required<CatalogCourse>();
  /** The card's heading level under the page's headings (2 on the catalog, 3 inside a section). */
  readonly headingLevel = input<2 | 3>(2);

  protected readonly audience = computed(() => AUDIENCE_LABELS[this.course().audience].toLowerCase());
}
