import { ApplicationRef, DOCUMENT, DestroyRef, EnvironmentProviders, inject, provideEnvironmentInitializer } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';

/**
 * After each navigation to another page, move focus to the new page's h1 (or to <main>), so
 * screen-reader users hear where they are and keyboard users start from the page's content.
 * The first page load is left alone: the browser starts at the top, where the skip link is.
 */
export function provideRouteFocus(): EnvironmentProviders {
  return provideEnvironmentInitializer(() => {
    const router = inject(Router);
    const appRef = inject(ApplicationRef);
    const document = inject(DOCUMENT);
    let previousPath: string | undefined;

    router.events
      .pipe(
        filter((event): event is NavigationEnd => event instanceof NavigationEnd),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((event) => {
        const path = event.urlAfterRedirects.split(/[?#]/, 1)[0];
        const firstLoad = previousPath === undefined;
        const samePage = path === previousPath;
        previousPath = path;
        if (firstLoad || samePage) return;
        // Wait until the new page has rendered.
        void appRef.whenStable().then(() => focusPageStart(document));
      });
  });
}

export function focusPageStart(document: Document): void {
  const main = document.getElementById('main');
  const target = main?.querySelector<HTMLElement>('h1') ?? main;
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
}
