import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { TitleStrategy, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { PageTitleStrategy } from './page-title-strategy';

@Component({ template: '<h1>Page</h1>' })
class Page {}

describe('PageTitleStrategy', () => {
  beforeEach(() =>
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'learn', title: 'My learning', component: Page },
          { path: 'untitled', component: Page },
        ]),
        { provide: TitleStrategy, useClass: PageTitleStrategy },
      ],
    }),
  );

  it("names the page first, then the app", async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/learn');
    expect(TestBed.inject(Title).getTitle()).toBe('My learning – Equip');
  });

  it('falls back to the app name', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/untitled');
    expect(TestBed.inject(Title).getTitle()).toBe('Equip');
  });
});
