import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AuditEventView } from '@equip/shared/contracts';
import { AuditEventList, auditLinkPath } from './audit-event-list';

const exempted: AuditEventView = {
  id: 'e-1',
  at: '2026-03-02T15:04:05Z',
  actor: { id: 's-9', firstName: 'Emily', lastName: 'Sullivan' },
  action: 'assignment.exempted',
  subjectType: 'assignment',
  subjectId: 'a-1',
  before: { status: 'overdue' },
  after: { status: 'exempt', exemptReason: 'on leave until March' },
  ip: null,
  occurredAt: 'Mar 2, 2026, 10:04 AM EST',
  actionLabel: 'Exempted from training',
  summary: [
    { text: 'Emily Sullivan', link: { kind: 'staff', ref: 's-9' } },
    { text: ' exempted ' },
    { text: 'Heather Wright', link: { kind: 'staff', ref: 's-1' } },
    { text: ' from ' },
    { text: 'Racial equity foundations', link: { kind: 'course', ref: 'racial-equity-foundations' } },
    { text: ': on leave until March' },
  ],
  subject: 'Heather Wright (Racial equity foundations)',
  changes: [
    { field: 'status', label: 'Status', before: 'Overdue', after: 'Exempt' },
    { field: 'exemptReason', label: 'Reason for exemption', before: null, after: 'on leave until March' },
  ],
  department: { id: 'd-1', name: 'Finance' },
};

@Component({
  imports: [AuditEventList],
  template: `<equip-audit-event-list label="Audit events" [events]="events" />`,
})
class Host {
  readonly events = [exempted, { ...exempted, id: 'e-2', summary: [{ text: 'The course catalog was updated from its files' }], changes: [], department: null }];
}

describe('AuditEventList', () => {
  it('reads each event as a sentence with linked names, city time and a field list, never a code or an id', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;

    const items = element.querySelectorAll('ol[aria-label="Audit events"] > li');
    expect(items).toHaveLength(2);
    expect(items[0].querySelector('.audit-sentence')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Emily Sullivan exempted Heather Wright from Racial equity foundations: on leave until March',
    );
    expect([...items[0].querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['/rase/people/s-9', '/rase/people/s-1', '/learn/courses/racial-equity-foundations']);
    expect(items[0].querySelector('time')?.getAttribute('datetime')).toBe('2026-03-02T15:04:05Z');
    expect(items[0].querySelector('.audit-meta')?.textContent).toContain('Mar 2, 2026, 10:04 AM EST');
    expect(items[0].querySelector('.audit-meta')?.textContent).toContain('Finance');
    expect([...items[0].querySelectorAll('dt')].map((d) => d.textContent)).toEqual(['Status', 'Reason for exemption']);
    expect(items[0].querySelectorAll('dd')[0].textContent?.replace(/\s+/g, ' ').trim()).toBe('Overdue → changed to Exempt');
    expect(items[0].querySelectorAll('dd')[1].textContent?.replace(/\s+/g, ' ').trim()).toBe('on leave until March');
    expect(element.textContent).not.toContain('assignment.exempted');
    expect(element.textContent).not.toContain('a-1');
    expect(items[1].querySelector('dl')).toBeNull();
  });

  it('links each kind of name to its page', () => {
    expect(auditLinkPath({ kind: 'cohort', ref: 'c 1' })).toBe('/rase/dashboard/cohorts/c%201');
    expect(auditLinkPath({ kind: 'department', ref: 'd-1' })).toBe('/rase/dashboard/departments/d-1');
    expect(auditLinkPath({ kind: 'track', ref: 'foundations' })).toBe('/learn/tracks/foundations');
  });
});
