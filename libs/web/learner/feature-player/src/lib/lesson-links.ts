import { DOCUMENT, Directive, ElementRef, inject } from '@angular/core';
import { Router } from '@angular/router';
import { inAppLink } from './lesson-html';

/**
 * On an element holding lesson HTML: links into the app (lesson links are rewritten to
 * `/learn/courses/<course>/lessons/<lesson>`) go through the router instead of reloading the app,
 * and "#id" links scroll within the lesson (the app's <base href> would otherwise send them to "/").
 * Links take Enter as a click, so keyboard use is covered.
 */
@Directive({
  selector: '[equipLessonLinks]',
  host: { '(click)': 'follow($event)' },
})
export class LessonLinks {
  private readonly element = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);

  protected follow(event: MouseEvent): void {
    const href = (event.target as Element | null)?.closest?.('a')?.getAttribute('href');
    if (href?.startsWith('#')) {
      event.preventDefault();
      this.document.getElementById(decodeURIComponent(href.slice(1)))?.scrollIntoView?.();
      return;
    }
    const url = inAppLink(event, this.element.nativeElement, this.document.location.origin);
    if (!url) return;
    event.preventDefault();
    void this.router.navigateByUrl(url);
  }
}
