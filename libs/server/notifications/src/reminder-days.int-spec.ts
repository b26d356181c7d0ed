import { SmtpCatcher, startSmtpCatcher } from '@equip/server/testing';
import { ReminderCity, reminderCity, ReminderWorker, reminderWorker } from './testing/reminder-city';

/**
 * Reminders count city days (a due date is a day in CITY_TIME_ZONE, due at its end): the sweep of
 * the day before a due day reminds "due in 1 day", the sweep of the due day "due today" and the
 * sweep of the next day "overdue" — also when the due day is the 25-hour day of the autumn change
 * or the 23-hour day of the spring change in New York.
 */
jest.setTimeout(60_000);

describe('reminders on the days around both daylight-saving changes', () => {
  let city: ReminderCity;
  let smtp: SmtpCatcher;
  let worker: ReminderWorker;

  beforeAll(async () => {
    city = await reminderCity({ cityTimeZone: 'America/New_York' });
    smtp = await startSmtpCatcher();
    worker = await reminderWorker(city, smtp);
    await city.person('DST', 'TES');
    const sources = JSON.stringify([{ kind: 'person', assignedBy: city.people.LEAD }]);
    await city.query(`INSERT INTO assignment (staff_id, course_id, due_on, sources) VALUES ($1, $2, '2026-11-01', $3::jsonb)`, [city.people.DST, city.course['equity-basics'], sources]);
    await city.query(`INSERT INTO assignment (staff_id, track_id, due_on, sources) VALUES ($1, $2, '2026-03-08', $3::jsonb)`, [city.people.DST, city.trackId, sources]);
  });

  afterAll(async () => {
    await worker?.close();
    await smtp?.close();
    await city?.close();
  });

  it.each([
    ['2026-03-07', '2026-03-08', 'due_soon', 1],
    ['2026-03-08', '2026-03-08', 'due_today', null],
    ['2026-03-09', '2026-03-08', 'overdue', 0],
    ['2026-10-31', '2026-11-01', 'due_soon', 1],
    ['2026-11-01', '2026-11-01', 'due_today', null],
    ['2026-11-02', '2026-11-01', 'overdue', 0],
  ])('the sweep of %s reminds of work due %s: %s', async (day, due, kind, threshold) => {
    await worker.sweeps.sweep(day);
    const rows = await city.query<{ kind: string; threshold: number | null }>(
      `SELECT n.kind, n.threshold FROM notification n JOIN assignment a ON a.id = n.assignment_id
        WHERE n.day = $1 AND a.due_on = $2 AND n.recipient_id = $3`,
      [day, due, city.people.DST],
    );
    expect(rows).toEqual([{ kind, threshold }]);
  });
});
