import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { SubNav, SubNavLink } from '@equip/web/shared/ui';

export const LEAD_PAGES: readonly SubNavLink[] = [
  { path: '/lead', label: 'Overview', exact: true },
  { path: '/lead/cohorts', label: 'Cohorts' },
  { path: '/lead/dashboard', label: 'Dashboard' },
  { path: '/lead/people', label: 'People in my departments' },
  { path: '/lead/attempt-requests', label: 'Requests for attempts' },
];

/** Frames every equity-lead page with the area's own navigation. */
@Component({
  selector: 'equip-lead-area',
  imports: [RouterOutlet, SubNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-sub-nav label="My departments" [links]="pages" />
    <router-outlet />
  `,
})
export class LeadArea {
  protected readonly pages = LEAD_PAGES;
}
