import { DomainError } from '@equip/server/http';
import { NotificationRepository } from './notification.repository';
import { NotificationsService } from './notifications.service';
import { ReminderCity, reminderCity } from './testing/reminder-city';

/** The api side: my own notifications, newest first, read state, and the email preference. */
describe('NotificationsService against PostgreSQL', () => {
  let city: ReminderCity;
  let service: NotificationsService;
  const ledger = (recipient: string, assignment: string, kind: string, key: string, read = false) =>
    city.query(
      `INSERT INTO notification (dedup_key, kind, recipient_id, staff_id, assignment_id, digest, day, read_at) VALUES ($1, $2, $3, $3, $4, 'learner', current_date, $5)`,
      [key, kind, recipient, assignment, read ? new Date() : null],
    );

  beforeAll(async () => {
    city = await reminderCity();
    service = new NotificationsService(city.dataSource, city.config, new NotificationRepository());
    await city.person('ANA', 'TES');
    await city.person('BEN', 'TES');
    const course = await city.assign('ANA', { course: 'equity-basics' }, -3, 'cohort');
    const track = await city.assign('ANA', { track: true }, 1, 'cohort');
    const bens = await city.assign('BEN', { course: 'equity-basics' }, 1, 'cohort');
    await ledger(city.people.ANA, course, 'overdue', 'k1', true);
    await ledger(city.people.ANA, track, 'due_soon', 'k2');
    await ledger(city.people.BEN, bens, 'due_soon', 'k3');
  });

  afterAll(() => city.close());

  it('lists only my own, newest first, with the status now and a link into the course or track', async () => {
    const page = await service.list(city.people.ANA, { page: 1, pageSize: 10 });
    expect(page).toMatchObject({ total: 2, unread: 1, page: 1, pageSize: 10 });
    expect(page.items.map((i) => [i.kind, i.assignment.title, i.assignment.status, i.assignment.path])).toEqual([
      ['due_soon', 'Equity foundations for all staff', 'not_started', '/learn/tracks/all-staff-foundations'],
      ['overdue', 'Equity basics', 'overdue', '/learn/courses/equity-basics'],
    ]);
    expect((await service.list(city.people.ANA, { unreadOnly: true })).items).toHaveLength(1);
  });

  it('marks my own read and ignores ids that are not mine', async () => {
    const bens = await service.list(city.people.BEN, {});
    expect(await service.markRead(city.people.ANA, { ids: [bens.items[0].id] })).toEqual({ unread: 1 });
    expect((await service.list(city.people.BEN, {})).unread).toBe(1);
    expect(await service.markRead(city.people.ANA, { all: true })).toEqual({ unread: 0 });
    await expect(service.markRead(city.people.ANA, {})).rejects.toMatchObject({ status: 400, errors: [{ field: 'ids', message: 'give ids, or all: true' }] });
  });

  it('keeps the optional-training email preference and refuses to turn assigned-training email off, naming the field', async () => {
    expect(await service.preferences(city.people.ANA)).toEqual({ optionalTrainingEmail: true, assignedTrainingEmail: true });
    expect(await service.setPreferences(city.people.ANA, { optionalTrainingEmail: false })).toEqual({ optionalTrainingEmail: false, assignedTrainingEmail: true });
    const refused = await service.setPreferences(city.people.ANA, { optionalTrainingEmail: true, assignedTrainingEmail: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'assignedTrainingEmail' })] });
    expect(await service.preferences(city.people.ANA)).toEqual({ optionalTrainingEmail: false, assignedTrainingEmail: true });
  });
});
