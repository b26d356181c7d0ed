import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { PageHeader } from './page-header';

@Component({
  imports: [PageHeader],
  template: `<equip-page-header heading="My learning"><p>Welcome, Ana.</p></equip-page-header>`,
})
class Host {}

describe('PageHeader', () => {
  it('renders the one h1 of the page, focusable for route-change focus, with the intro after it', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;

    const headings = element.querySelectorAll('h1');
    expect(headings).toHaveLength(1);
    expect(headings[0]?.textContent?.trim()).toBe('My learning');
    expect(headings[0]?.getAttribute('tabindex')).toBe('-1');
    expect(element.textContent).toContain('Welcome, Ana.');
  });
});
