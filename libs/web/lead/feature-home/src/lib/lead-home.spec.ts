import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { SessionUser } from '@equip/shared/contracts';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { LeadHome } from './lead-home';

describe('LeadHome', () => {
  async function render(user: SessionUser): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [{ provide: SessionStore, useValue: { user: signal(user) } }] });
    const fixture = TestBed.createComponent(LeadHome);
    await fixture.whenStable();
    return fixture.nativeElement;
  }

  it('lists the departments the person leads, with their codes', async () => {
    const element = await render(
      sessionUser({
        roles: ['learner', 'equity_lead'],
        areas: ['learn', 'lead'],
        leadDepartments: [
          { id: 'd-1', code: 'PKR', name: 'Parks and Recreation' },
          { id: 'd-2', code: 'LIB', name: 'Public Library' },
        ],
      }),
    );

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('My departments');
    const items = [...element.querySelectorAll('li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual(['Parks and Recreation (code PKR)', 'Public Library (code LIB)']);
  });

  it('says so when the person leads no department', async () => {
    const element = await render(sessionUser({ leadDepartments: [] }));
    expect(element.querySelector('li')).toBeNull();
    expect(element.textContent).toContain('You do not lead any departments yet.');
  });
});
