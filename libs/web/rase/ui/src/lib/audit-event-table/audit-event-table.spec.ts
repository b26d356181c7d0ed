import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { AuditEventView } from '@equip/shared/contracts';
import { AuditEventTable, auditValue } from './audit-event-table';

const granted: AuditEventView = {
  id: 'e-1',
  at: '2026-03-01T15:04:05Z',
  actor: { id: 's-9', firstName: 'Rae', lastName: 'Admin' },
  action: 'role.granted',
  subjectType: 'staff',
  subjectId: 's-1',
  before: null,
  after: { role: 'equity_lead' },
  ip: '10.0.0.1',
};

@Component({
  imports: [AuditEventTable],
  template: `<equip-audit-event-table caption="Audit events" [events]="events" />`,
})
class Host {
  readonly events = [granted, { ...granted, id: 'e-2', actor: null, action: 'auth.locked_out', ip: null }];
}

describe('AuditEventTable', () => {
  it('lists when, who, action and subject, with before and after in a disclosure', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;

    const rows = element.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.querySelector('time')?.getAttribute('datetime')).toBe('2026-03-01T15:04:05Z');
    expect(rows[0]?.textContent).toContain('Rae Admin');
    expect(rows[0]?.textContent).toContain('role.granted');
    expect(rows[1]?.textContent).toContain('System');
    const details = rows[0]?.querySelector('details');
    expect(details?.querySelector('summary')?.textContent).toContain('Before and after');
    expect(details?.querySelectorAll('pre')[1]?.textContent).toContain('"role": "equity_lead"');
  });

  it('writes no value as "Nothing"', () => {
    expect(auditValue(null)).toBe('Nothing');
    expect(auditValue({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
});
