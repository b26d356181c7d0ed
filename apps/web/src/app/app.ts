import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import type { Area } from '@equip/shared/contracts';
import { AREA_PATHS, SIGN_IN_PATH, SessionStore } from '@equip/web/shared/data-access';

/** How each area is named in the navigation. */
const AREA_LABELS: Record<Area, string> = {
  learn: 'My learning',
  lead: 'My departments',
  rase: 'City-wide (RASE)',
};

/**
 * The shell around every page: skip link, header (app name, the areas the signed-in person has,
 * their name, sign out), main region holding the routed page, footer.
 */
@Component({
  selector: 'equip-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
  styleUrl: './app.css',
})
export class App {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);

  protected readonly user = this.session.user;
  /** Only the areas the api says this person has, in the api's order. */
  protected readonly areaLinks = computed(() =>
    this.session.areas().map((area) => ({ path: AREA_PATHS[area], label: AREA_LABELS[area] })),
  );

  constructor() {
    // Pages without a guard (not found) still show who is signed in; guards share this request.
    void this.session.load();
  }

  /** The app has a <base href>, so a bare "#main" link would load "/"; move focus instead. */
  protected skipToMain(event: Event, main: HTMLElement): void {
    event.preventDefault();
    main.focus();
    main.scrollIntoView?.();
  }

  protected async signOut(): Promise<void> {
    try {
      await this.session.signOut();
    } catch {
      // The local session is cleared whether or not the api answered; the cookies expire on their own.
    }
    await this.router.navigateByUrl(SIGN_IN_PATH);
  }
}
