import { ChangeDetectionStrategy, Component } from '@angular/core';
import { PageHeader } from '@equip/web/shared/ui';

/** For someone signed in to whom the api opens no area: without this they would bounce between guards. */
@Component({
  selector: 'equip-no-access',
  imports: [PageHeader],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Nothing to open yet">
      <p>
        Your account is signed in, but no area of Equip is open to it. If you think this is a mistake, contact the
        Office of Race and Social Equity.
      </p>
    </equip-page-header>
  `,
})
export class NoAccess {}
