import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { SessionStore } from '@equip/web/shared/data-access';
import { PersonRecordView } from '@equip/web/shared/feature-people';
import { PageHeader } from '@equip/web/shared/ui';

/** My record of learning: everything assigned to me, done, exempted, reminded, with downloads. */
@Component({
  selector: 'equip-my-record-page',
  imports: [PageHeader, PersonRecordView],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="My record">
      <p>Everything assigned to you, now and before, with your progress, certificates and reminders.</p>
    </equip-page-header>
    @if (staffId(); as id) {
      <equip-person-record [staffId]="id" [self]="true" certificateAccess="download" />
    }
  `,
})
export class MyRecordPage {
  private readonly session = inject(SessionStore);
  protected readonly staffId = computed(() => this.session.user()?.id ?? null);
}
