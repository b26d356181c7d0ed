import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { ROLE_LABELS } from '@equip/shared/contracts';
import { SessionStore } from '@equip/web/shared/data-access';
import { PageHeader } from '@equip/web/shared/ui';

/** The RASE area's home: the person's city-wide role and what the area will hold for it. */
@Component({
  selector: 'equip-rase-home',
  imports: [PageHeader],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="City-wide progress">
      <p>
        Your role: <strong>{{ roleLabel() }}</strong>
      </p>
    </equip-page-header>

    <section class="equip-section" aria-labelledby="rase-coming">
      <h2 id="rase-coming">What this area will hold</h2>
      <ul class="equip-list">
        <li>Course completion across every department, with a table for each chart.</li>
        <li>Each department's progression along the equity indicators.</li>
        <li>Reports for city leadership.</li>
        @if (isAdministrator()) {
          <li>The course catalog and the competency framework, which you manage.</li>
        } @else {
          <li>Your access is read-only: you can view city-wide reports but not change the catalog.</li>
        }
      </ul>
    </section>
  `,
})
export class RaseHome {
  private readonly session = inject(SessionStore);
  private readonly roles = computed(() => this.session.user()?.roles ?? []);

  protected readonly isAdministrator = computed(() => this.roles().includes('rase_admin'));
  protected readonly roleLabel = computed(() =>
    this.isAdministrator() ? ROLE_LABELS.rase_admin : `${ROLE_LABELS.viewer} (read-only)`,
  );
}
