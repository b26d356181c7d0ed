import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import type { Role } from '@equip/shared/contracts';
import { SessionStore } from '@equip/web/shared/data-access';
import { SubNav, SubNavLink } from '@equip/web/shared/ui';

/** The RASE area's pages and who may open them (the routes' guards say the same). */
export const RASE_PAGES: readonly (SubNavLink & { roles: readonly Role[] })[] = [
  { path: '/rase', label: 'Overview', exact: true, roles: ['rase_admin', 'viewer'] },
  { path: '/rase/dashboard', label: 'Dashboard', roles: ['rase_admin', 'viewer'] },
  { path: '/rase/roster', label: 'Roster import', roles: ['rase_admin'] },
  { path: '/rase/people', label: 'People', roles: ['rase_admin'] },
  { path: '/rase/departments', label: 'Departments', roles: ['rase_admin', 'viewer'] },
  { path: '/rase/certificates', label: 'Certificates', roles: ['rase_admin'] },
  { path: '/rase/audit', label: 'Audit log', roles: ['rase_admin'] },
  { path: '/rase/attempt-requests', label: 'Requests for attempts', roles: ['rase_admin'] },
];

/** Frames every RASE page: the area's own navigation, listing only the pages the person's role opens. */
@Component({
  selector: 'equip-rase-area',
  imports: [RouterOutlet, SubNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-sub-nav label="City-wide (RASE)" [links]="links()" />
    <router-outlet />
  `,
})
export class RaseArea {
  private readonly session = inject(SessionStore);

  protected readonly links = computed(() => {
    const roles = this.session.user()?.roles ?? [];
    return RASE_PAGES.filter((page) => page.roles.some((role) => roles.includes(role))).map(({ path, label, exact }) => ({ path, label, exact }));
  });
}
