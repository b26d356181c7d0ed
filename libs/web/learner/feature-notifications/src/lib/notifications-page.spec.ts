import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { NotificationItem, NotificationPage } from '@equip/shared/contracts';
import { UnreadNotifications, notificationsLabel } from '@equip/web/learner/data-access';
import { NotificationsPage } from './notifications-page';

const item = (id: string, fields: Partial<NotificationItem> = {}): NotificationItem => ({
  id,
  kind: 'due_soon',
  threshold: 7,
  day: '2026-11-30',
  createdAt: '2026-11-30T12:00:00Z',
  readAt: null,
  delivery: 'sent',
  assignment: { id: `a-${id}`, kind: 'course', slug: 'equity-basics', title: 'Equity basics', dueOn: '2026-12-05', status: 'not_started', path: '/learn/courses/equity-basics' },
  person: null,
  cohort: null,
  ...fields,
});

describe('NotificationsPage', () => {
  let http: HttpTestingController;

  async function render(page: NotificationPage, optionalTrainingEmail = true): Promise<{ element: HTMLElement; settle: () => Promise<void> }> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    const fixture = TestBed.createComponent(NotificationsPage);
    http = TestBed.inject(HttpTestingController);
    await fixture.whenStable();
    http.expectOne('/api/notifications?page=1&pageSize=20').flush(page);
    http.expectOne('/api/notifications/preferences').flush({ optionalTrainingEmail, assignedTrainingEmail: true });
    await fixture.whenStable();
    return { element: fixture.nativeElement, settle: () => fixture.whenStable() };
  }

  afterEach(() => http.verify());

  it('lists my notifications with their kind in words, a link into the course and the unread count', async () => {
    const overdue = item('2', { kind: 'overdue', threshold: 0, readAt: '2026-11-30T13:00:00Z', assignment: { ...item('2').assignment, status: 'overdue', title: 'Community engagement', path: '/learn/courses/community-engagement' } });
    const { element } = await render({ items: [item('3'), overdue], total: 2, page: 1, pageSize: 20, unread: 1 });
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Notifications');
    expect(element.querySelector('[role="status"]')?.textContent).toContain('1 unread notification.');
    const links = [...element.querySelectorAll('li h2 a')].map((a) => [a.textContent?.trim(), a.getAttribute('href')]);
    expect(links).toEqual([['Equity basics', '/learn/courses/equity-basics'], ['Community engagement', '/learn/courses/community-engagement']]);
    const first = element.querySelector('li')!.textContent!.replace(/\s+/g, ' ');
    expect(first).toContain('Due soon (unread). Due on December 5, 2026, within 7 days. Status: Not started.');
    expect(first).toContain('Also sent by email');
    expect(element.querySelectorAll('li')[1].textContent).toContain('Overdue. It was due');
    expect(TestBed.inject(UnreadNotifications).unread()).toBe(1);
  });

  it('marks one notification read, names it for screen readers, and updates the count', async () => {
    const { element, settle } = await render({ items: [item('3')], total: 1, page: 1, pageSize: 20, unread: 1 });
    const button = [...element.querySelectorAll('button')].find((b) => b.textContent?.includes('Mark as read'))!;
    expect(button.textContent?.replace(/\s+/g, ' ').trim()).toBe('Mark as read: Equity basics');
    button.click();
    const request = http.expectOne('/api/notifications/read');
    expect(request.request.body).toEqual({ ids: ['3'] });
    request.flush({ unread: 0 });
    await settle();
    http.expectOne('/api/notifications?page=1&pageSize=20').flush({ items: [item('3', { readAt: '2026-11-30T14:00:00Z' })], total: 1, page: 1, pageSize: 20, unread: 0 });
    await settle();
    expect(TestBed.inject(UnreadNotifications).unread()).toBe(0);
    expect(element.querySelector('[role="status"]')?.textContent).toContain('No unread notifications.');
  });

  it('turns email for trainings I chose myself off with a labelled checkbox, and says it saved', async () => {
    const { element, settle } = await render({ items: [], total: 0, page: 1, pageSize: 20, unread: 0 });
    expect(element.textContent).toContain('You have no notifications.');
    const box = element.querySelector<HTMLInputElement>('#optional-training-email')!;
    expect(element.querySelector('label[for="optional-training-email"]')?.textContent).toBe('Email me reminders for trainings I chose myself');
    expect(box.checked).toBe(true);
    box.checked = false;
    box.dispatchEvent(new Event('change'));
    const request = http.expectOne('/api/notifications/preferences');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ optionalTrainingEmail: false, assignedTrainingEmail: true });
    request.flush({ optionalTrainingEmail: false, assignedTrainingEmail: true });
    await settle();
    expect(element.querySelector('.preferences__saved')?.textContent).toContain('shown here only');
    expect(element.textContent).toContain('they cannot be turned off');
  });
});

describe('notificationsLabel', () => {
  it('puts the unread count in the link text', () => {
    expect(notificationsLabel(undefined)).toBe('Notifications');
    expect(notificationsLabel(0)).toBe('Notifications');
    expect(notificationsLabel(3)).toBe('Notifications (3 unread)');
  });
});
