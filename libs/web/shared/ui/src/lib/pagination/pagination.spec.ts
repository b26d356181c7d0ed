import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Pagination } from './pagination';

@Component({
  imports: [Pagination],
  template: `<equip-pagination label="Pages of people" [page]="page()" [pageSize]="25" [total]="total()" (pageChange)="changes.push($event)" />`,
})
class Host {
  readonly page = signal(1);
  readonly total = signal(60);
  readonly changes: number[] = [];
}

describe('Pagination', () => {
  async function render(page: number, total: number) {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.page.set(page);
    fixture.componentInstance.total.set(total);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const button = (name: string) => [...element.querySelectorAll('button')].find((b) => b.textContent?.trim().startsWith(name))!;
    return { fixture, element, button };
  }

  it('says which page of how many, in a named navigation landmark', async () => {
    const { element } = await render(2, 60);
    const nav = element.querySelector('nav');
    expect(nav?.getAttribute('aria-label')).toBe('Pages of people');
    expect(nav?.textContent).toContain('Page 2 of 3');
  });

  it('asks for the previous and next pages', async () => {
    const { fixture, button } = await render(2, 60);
    button('Previous').click();
    button('Next').click();
    expect(fixture.componentInstance.changes).toEqual([1, 3]);
  });

  it('keeps Previous focusable but unavailable on the first page, and Next on the last', async () => {
    const first = await render(1, 60);
    expect(first.button('Previous').getAttribute('aria-disabled')).toBe('true');
    first.button('Previous').click();
    expect(first.fixture.componentInstance.changes).toEqual([]);
    TestBed.resetTestingModule();

    const last = await render(3, 60);
    expect(last.button('Next').getAttribute('aria-disabled')).toBe('true');
    last.button('Next').click();
    expect(last.fixture.componentInstance.changes).toEqual([]);
  });

  it('shows nothing when everything fits on one page', async () => {
    const { element } = await render(1, 25);
    expect(element.querySelector('nav')).toBeNull();
  });
});
