import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { SessionUser } from '@equip/shared/contracts';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { RaseHome } from './rase-home';

describe('RaseHome', () => {
  async function render(user: SessionUser): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [{ provide: SessionStore, useValue: { user: signal(user) } }] });
    const fixture = TestBed.createComponent(RaseHome);
    await fixture.whenStable();
    return fixture.nativeElement;
  }

  it('tells an administrator their role and that they manage the catalog', async () => {
    const element = await render(sessionUser({ roles: ['learner', 'rase_admin'], areas: ['learn', 'rase'] }));

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('City-wide progress');
    expect(element.textContent).toContain('Your role: RASE administrator');
    expect(element.textContent).toContain('which you manage');
  });

  it('tells a viewer their access is read-only', async () => {
    const element = await render(sessionUser({ roles: ['viewer'], areas: ['rase'] }));

    expect(element.textContent).toContain('Your role: Viewer (read-only)');
    expect(element.textContent).not.toContain('which you manage');
  });
});
