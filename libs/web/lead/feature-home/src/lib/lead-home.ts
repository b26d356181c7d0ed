import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { SessionStore } from '@equip/web/shared/data-access';
import { PageHeader } from '@equip/web/shared/ui';

/** The equity lead's home: the departments they lead, as the api lists them. */
@Component({
  selector: 'equip-lead-home',
  imports: [PageHeader],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="My departments">
      <p>
        As an equity lead you build cohorts of staff in these departments (and their divisions), assign courses and
        tracks with due dates, and follow their progress under Cohorts.
      </p>
    </equip-page-header>

    <section class="equip-section" aria-labelledby="lead-departments">
      <h2 id="lead-departments">Departments you lead</h2>
      @if (departments().length) {
        <ul class="equip-list">
          @for (department of departments(); track department.id) {
            <li>
              {{ department.name }} <span class="equip-code">(code {{ department.code }})</span>
            </li>
          }
        </ul>
      } @else {
        <p>You do not lead any departments yet. A RASE administrator grants the equity lead role for a department.</p>
      }
    </section>
  `,
})
export class LeadHome {
  private readonly session = inject(SessionStore);
  protected readonly departments = computed(() => this.session.user()?.leadDepartments ?? []);
}
