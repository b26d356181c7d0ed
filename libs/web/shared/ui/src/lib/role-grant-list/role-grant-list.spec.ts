import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { RoleGrantView } from '@equip/shared/contracts';
import { RoleGrantList, grantLabel } from './role-grant-list';

const lead: RoleGrantView = {
  id: 'g-1',
  role: 'equity_lead',
  department: { id: 'd-1', code: 'TES', name: 'Transportation and Environmental Services' },
  grantedAt: '2026-03-01T15:00:00Z',
  grantedBy: { id: 's-9', firstName: 'Rae', lastName: 'Admin' },
};
const viewer: RoleGrantView = { id: 'g-2', role: 'viewer', department: null, grantedAt: '2026-03-02T15:00:00Z', grantedBy: null };

@Component({
  imports: [RoleGrantList],
  template: `<equip-role-grant-list [grants]="grants()" [canRevoke]="canRevoke()" (revoke)="revoked.push($event)" />`,
})
class Host {
  readonly grants = signal<RoleGrantView[]>([lead, viewer]);
  readonly canRevoke = signal(true);
  readonly revoked: RoleGrantView[] = [];
}

describe('RoleGrantList', () => {
  async function render(canRevoke: boolean, grants = [lead, viewer]) {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.canRevoke.set(canRevoke);
    fixture.componentInstance.grants.set(grants);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  it('names each grant by role and department', () => {
    expect(grantLabel(lead)).toBe('Equity lead for Transportation and Environmental Services (TES)');
    expect(grantLabel(viewer)).toBe('Viewer (city-wide)');
  });

  it('gives each Revoke button a name saying which grant it revokes', async () => {
    const { fixture, element } = await render(true);
    const buttons = [...element.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Revoke Equity lead for Transportation and Environmental Services (TES)',
      'Revoke Viewer (city-wide)',
    ]);
    buttons[1]!.click();
    expect(fixture.componentInstance.revoked).toEqual([viewer]);
  });

  it('is read-only without canRevoke', async () => {
    const { element } = await render(false);
    expect(element.querySelector('button')).toBeNull();
    expect(element.querySelectorAll('tbody tr')).toHaveLength(2);
  });

  it('says when there are no grants', async () => {
    const { element } = await render(false, []);
    expect(element.querySelector('table')).toBeNull();
    expect(element.textContent).toContain('No roles granted');
  });
});
