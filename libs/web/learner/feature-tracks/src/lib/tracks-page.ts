import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { TrackProgress } from '@equip/shared/contracts';
import { TracksStore, formatCityDate } from '@equip/web/learner/data-access';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';

/** The learning tracks with my progress in each, and the competencies I have earned. */
@Component({
  selector: 'equip-tracks-page',
  imports: [PageHeader, ErrorSummary, RouterLink],
  providers: [TracksStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Tracks">
      <p>A track is a path of courses. Completing its required courses earns a competency level.</p>
    </equip-page-header>

    @if (overview.error(); as error) {
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
    } @else if (overview.value(); as data) {
      <ul class="tracks">
        @for (track of data.tracks; track track.slug) {
          <li class="tracks__item">
            <h2><a [routerLink]="['/learn/tracks', track.slug]">{{ track.title }}</a></h2>
            <p>{{ track.summary }}</p>
            <p class="equip-hint">
              {{ track.completedAt ? 'Completed on ' + cityDate(track.completedAt) + '.' : requiredDone(track) + ' of ' + requiredCount(track) + ' required courses completed.' }}
              @if (track.awards; as award) {
                Earns {{ award.competencyName }}: {{ award.level }}.
              }
            </p>
          </li>
        } @empty {
          <li>No tracks are published yet.</li>
        }
      </ul>

      <section class="equip-section" aria-labelledby="tracks-competencies">
        <h2 id="tracks-competencies">Competencies you have earned</h2>
        @if (data.competencies.length) {
          <div class="equip-table-scroll">
            <table class="equip-table">
              <caption class="equip-visually-hidden">Competencies you have earned, with the level and where it came from</caption>
              <thead>
                <tr>
                  <th scope="col">Competency</th>
                  <th scope="col">Level</th>
                  <th scope="col">Earned</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                @for (competency of data.competencies; track competency.competency) {
                  <tr>
                    <th scope="row">{{ competency.name }}</th>
                    <td>{{ competency.level }}</td>
                    <td>{{ cityDate(competency.awardedAt) }}</td>
                    <td>{{ competency.source.title }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        } @else {
          <p>None yet. Completing a course or a track earns the competencies it lists.</p>
        }
      </section>
    } @else {
      <p role="status">Loading tracks…</p>
    }
  `,
  styles: `
    .tracks {
      margin: 0 0 2rem;
      padding: 0;
      list-style: none;
      max-width: 65ch;
    }
    .tracks__item {
      border-block-end: 1px solid var(--mat-sys-outline-variant);
      padding-block: 0.75rem;
    }
    .tracks__item h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.25rem;
    }
  `,
})
export class TracksPage {
  private readonly store = inject(TracksStore);
  protected readonly overview = this.store.overview;
  protected readonly cityDate = formatCityDate;

  constructor() {
    this.store.load();
  }

  protected requiredCount(track: TrackProgress): number {
    return track.steps.filter((step) => !step.optional).length;
  }

  protected requiredDone(track: TrackProgress): number {
    return track.steps.filter((step) => !step.optional && step.status === 'completed').length;
  }
}
