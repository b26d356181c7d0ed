import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, RouterOutlet, provideRouter } from '@angular/router';
import { provideRouteFocus } from './route-focus';

@Component({ template: '<h1 tabindex="-1">Learn</h1><button>Start</button>' })
class LearnPage {}

@Component({ template: '<h1>Lead</h1>' })
class LeadPage {}

@Component({ template: '<p>No heading here</p>' })
class PlainPage {}

@Component({ imports: [RouterOutlet], template: '<a href="/x">skip</a><main id="main" tabindex="-1"><router-outlet /></main>' })
class Shell {}

describe('provideRouteFocus', () => {
  let router: Router;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'learn', component: LearnPage },
          { path: 'lead', component: LeadPage },
          { path: 'plain', component: PlainPage },
        ]),
        provideRouteFocus(),
      ],
    });
    const fixture = TestBed.createComponent(Shell);
    document.body.appendChild(fixture.nativeElement);
    router = TestBed.inject(Router);
    await router.navigateByUrl('/learn');
    await fixture.whenStable();
  });

  async function go(url: string): Promise<void> {
    await router.navigateByUrl(url);
    await TestBed.inject(Router).navigated;
    await new Promise((resolve) => setTimeout(resolve));
  }

  it('leaves focus alone on the first page load', () => {
    expect(document.activeElement).toBe(document.body);
  });

  it("moves focus to the new page's h1, making it focusable if needed", async () => {
    await go('/lead');
    const h1 = document.querySelector('main h1');
    expect(h1?.textContent).toBe('Lead');
    expect(document.activeElement).toBe(h1);
    expect(h1?.getAttribute('tabindex')).toBe('-1');
  });

  it('falls back to main when the page has no h1', async () => {
    await go('/plain');
    expect(document.activeElement).toBe(document.querySelector('main'));
  });

  it('does not steal focus when only the query string changes', async () => {
    const button = document.querySelector('main button') as HTMLButtonElement;
    button.focus();
    await go('/learn?tab=2');
    expect(document.activeElement).toBe(button);
  });
});
