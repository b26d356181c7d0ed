import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { Area, SessionUser } from '@equip/shared/contracts';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { App } from './app';

@Component({ template: '<h1>Page</h1>' })
class Page {}

describe('App shell', () => {
  let user: ReturnType<typeof signal<SessionUser | null>>;
  let signOut: jest.Mock;

  async function render(current: SessionUser | null): Promise<HTMLElement> {
    user = signal(current);
    signOut = jest.fn().mockResolvedValue(undefined);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', component: Page }]),
        {
          provide: SessionStore,
          useValue: { user, areas: () => user()?.areas ?? ([] as Area[]), signOut, load: () => Promise.resolve(user()) },
        },
      ],
    });
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    return fixture.nativeElement;
  }

  function navLinks(element: HTMLElement): { text: string; href: string | null }[] {
    return [...element.querySelectorAll('nav[aria-label="Areas"] a')].map((a) => ({
      text: a.textContent?.trim() ?? '',
      href: a.getAttribute('href'),
    }));
  }

  it('starts with a skip link to the main region', async () => {
    const element = await render(sessionUser());
    const first = element.querySelector('a, button');
    expect(first?.textContent?.trim()).toBe('Skip to main content');
    const main = element.querySelector('main');
    expect(main?.id).toBe('main');
    expect(main?.getAttribute('tabindex')).toBe('-1');
    expect(element.querySelector('header')?.textContent).toContain('Equip');
    expect(element.querySelector('footer')).not.toBeNull();
  });

  it('lists only the areas the person has', async () => {
    const element = await render(sessionUser({ roles: ['learner', 'viewer'], areas: ['learn', 'rase'] }));
    expect(navLinks(element)).toEqual([
      { text: 'My learning', href: '/learn' },
      { text: 'City-wide (RASE)', href: '/rase' },
    ]);
  });

  it('lists all three areas for someone who has them all', async () => {
    const element = await render(
      sessionUser({ roles: ['learner', 'equity_lead', 'rase_admin'], areas: ['learn', 'lead', 'rase'] }),
    );
    expect(navLinks(element).map((l) => l.text)).toEqual(['My learning', 'My departments', 'City-wide (RASE)']);
  });

  it('shows no navigation or account controls when signed out', async () => {
    const element = await render(null);
    expect(element.querySelector('nav')).toBeNull();
    expect(element.textContent).not.toContain('Sign out');
  });

  it("shows the person's name and signs them out to the sign-in page", async () => {
    const element = await render(sessionUser());
    expect(element.querySelector('header')?.textContent).toContain('Ana López');

    const button = [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Sign out');
    button?.click();
    await TestBed.inject(Router).navigated;
    await new Promise((resolve) => setTimeout(resolve));

    expect(signOut).toHaveBeenCalled();
    expect(TestBed.inject(Router).url).toBe('/sign-in');
  });

  it('moves focus to main when the skip link is used', async () => {
    const element = await render(sessionUser());
    document.body.appendChild(element);
    const skip = element.querySelector<HTMLAnchorElement>('.skip-link');
    const click = new MouseEvent('click', { cancelable: true });
    skip?.dispatchEvent(click);

    expect(click.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(element.querySelector('main'));
  });
});
