import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { SessionStore } from '@equip/web/shared/data-access';
import { PageHeader } from '@equip/web/shared/ui';

/** The learner's home: who they are to Equip, and where their assigned trainings will be listed. */
@Component({
  selector: 'equip-learner-home',
  imports: [PageHeader],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="My learning">
      @if (user(); as user) {
        <p>Welcome, {{ user.firstName }}.</p>
      }
    </equip-page-header>

    @if (user(); as user) {
      <section class="equip-section" aria-labelledby="learner-department">
        <h2 id="learner-department">Your department</h2>
        <p>{{ user.department.name }} ({{ user.department.code }})</p>
      </section>
    }

    <section class="equip-section" aria-labelledby="learner-assigned">
      <h2 id="learner-assigned">Assigned trainings</h2>
      <p>
        Courses and tracks assigned to you by your department's equity lead or by the Office of Race and Social
        Equity will appear here, with their due dates.
      </p>
    </section>
  `,
})
export class LearnerHome {
  protected readonly user = inject(SessionStore).user;
}
