import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { UnreadNotifications, notificationsLabel } from '@equip/web/learner/data-access';
import { SubNav, SubNavLink } from '@equip/web/shared/ui';

/** The learner area's pages, for everyone with the area. */
export const LEARNER_PAGES: readonly SubNavLink[] = [
  { path: '/learn', label: 'My learning', exact: true },
  { path: '/learn/catalog', label: 'Catalog' },
  { path: '/learn/tracks', label: 'Tracks' },
  { path: '/learn/certificates', label: 'My certificates' },
  { path: '/learn/record', label: 'My record' },
];

/** Frames every learner page with the area's own navigation. */
@Component({
  selector: 'equip-learner-area',
  imports: [RouterOutlet, SubNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-sub-nav label="Learning" [links]="links()" />
    <router-outlet />
  `,
})
export class LearnerArea {
  private readonly unread = inject(UnreadNotifications);
  /** The pages, and my notifications with how many are unread. */
  protected readonly links = computed<readonly SubNavLink[]>(() => [
    ...LEARNER_PAGES,
    { path: '/learn/notifications', label: notificationsLabel(this.unread.unread()) },
  ]);

  constructor() {
    this.unread.refresh();
  }
}
