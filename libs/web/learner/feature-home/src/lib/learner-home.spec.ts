import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { SessionUser } from '@equip/shared/contracts';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { LearnerHome } from './learner-home';

describe('LearnerHome', () => {
  it('greets the learner by first name and shows their department', async () => {
    const user = signal<SessionUser | null>(sessionUser());
    TestBed.configureTestingModule({ providers: [{ provide: SessionStore, useValue: { user } }] });
    const fixture = TestBed.createComponent(LearnerHome);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('My learning');
    expect(element.textContent).toContain('Welcome, Ana.');
    expect(element.textContent).toContain('Parks and Recreation (PKR)');
    expect(element.textContent).toMatch(/assigned to you .* will appear here/s);
    expect([...element.querySelectorAll('h2')].map((h) => h.textContent?.trim())).toEqual(['Your department', 'Assigned trainings']);
  });
});
