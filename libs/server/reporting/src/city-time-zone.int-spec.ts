import { createDataSource, syncCityTimeZone } from '@equip/server/database';
import { createTestDatabase, TestDatabase } from '@equip/server/testing';
import { cityDay, isOverdue } from '@equip/shared/domain';
import { DataSource } from 'typeorm';

/**
 * The database's side of the date rule (migration CityDueDays): the city's zone in `city_setting`,
 * the SQL day functions agreeing with the domain's across both daylight-saving changes and at the
 * edges of a day, and existing due instants migrated to due days by the stated rule.
 */
describe('the city time zone in the database', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => ds.query(sql, params);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ databaseUrl: db.url }).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  // Instants around both US changes of 2026 (March 8, November 1) and the edges of ordinary days.
  const INSTANTS = [
    '2026-03-08T04:59:59Z', '2026-03-08T05:00:00Z', '2026-03-08T06:59:00Z', '2026-03-08T07:00:00Z',
    '2026-03-09T03:59:00Z', '2026-03-09T04:00:00Z',
    '2026-11-01T03:59:59Z', '2026-11-01T04:00:00Z', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z',
    '2026-11-02T04:59:00Z', '2026-11-02T05:00:00Z',
    '2026-12-18T04:59:00Z', '2026-12-18T05:00:00Z', '2026-07-15T03:59:00Z', '2026-07-15T04:00:00Z',
  ];

  it.each(['America/New_York', 'America/Los_Angeles', 'Pacific/Auckland'])('city_day(t) is the domain’s cityDay in %s, and city_today() moves with the zone', async (zone) => {
    await syncCityTimeZone(ds, zone);
    const rows = await q<{ t: string; day: string }>(`SELECT t, to_char(city_day(t::timestamptz), 'YYYY-MM-DD') AS day FROM unnest($1::text[]) t`, [INSTANTS]);
    for (const row of rows) expect({ t: row.t, day: row.day }).toEqual({ t: row.t, day: cityDay(new Date(row.t), zone) });
    const [{ today }] = await q<{ today: string }>(`SELECT to_char(city_today(), 'YYYY-MM-DD') AS today`);
    expect(today).toBe(cityDay(new Date(), zone));
    // city_midnight is where a city day begins: the instant one millisecond before belongs to the day before.
    const [{ start }] = await q<{ start: Date }>(`SELECT city_midnight('2026-11-01') AS start`);
    expect(cityDay(start, zone)).toBe('2026-11-01');
    expect(cityDay(new Date(start.getTime() - 1), zone)).toBe('2026-10-31');
  });

  it('overdue in SQL (due_on < city_today()) is the domain’s isOverdue', async () => {
    await syncCityTimeZone(ds, 'America/New_York');
    const now = new Date();
    const days = [-2, -1, 0, 1].map((n) => new Date(now.getTime() + n * 86_400_000)).map((d) => cityDay(d, 'America/New_York'));
    const rows = await q<{ day: string; overdue: boolean }>(`SELECT d AS day, d::date < city_today() AS overdue FROM unnest($1::text[]) d`, [days]);
    for (const row of rows) expect(row.overdue).toBe(isOverdue(row.day, now, 'America/New_York'));
  });

  it('writes the zone once, refuses one PostgreSQL does not know, and rebuilds the rollups when it changes', async () => {
    await syncCityTimeZone(ds, 'America/New_York');
    expect(await syncCityTimeZone(ds, 'America/New_York')).toBe(false);
    expect(await syncCityTimeZone(ds, 'America/Chicago')).toBe(true);
    expect(await q(`SELECT time_zone FROM city_setting`)).toEqual([{ time_zone: 'America/Chicago' }]);
    await expect(syncCityTimeZone(ds, 'Mars/Olympus_Mons')).rejects.toThrow(/time zone/);
    expect(await q(`SELECT time_zone FROM city_setting`)).toEqual([{ time_zone: 'America/Chicago' }]);
    await syncCityTimeZone(ds, 'America/New_York');
  });

  it('migrates due instants to due days by the stated rule, and back exactly', async () => {
    await syncCityTimeZone(ds, 'America/New_York');
    // Back to the schema before CityDueDays (and the migrations after it), with due instants of every kind the old code wrote.
    const undoThroughCityDueDays = async () => {
      while ((await q(`SELECT 1 FROM typeorm_migration WHERE name = 'CityDueDays1798200000000'`)).length > 0) await ds.undoLastMigration({ transaction: 'each' });
    };
      await undoThroughCityDueDays();
      const [{ id: dept }] = await q<{ id: string }>(`INSERT INTO department (code, name, path) VALUES ('DDM', 'Due dates', '') RETURNING id`);
      const [{ id: track }] = await q<{ id: string }>(
        `INSERT INTO track (slug, title, summary, audience, steps, content_hash) VALUES ('due-day-track', 'Due days', 'Due days', 'all-staff', '[]', repeat('0', 64)) RETURNING id`,
      );
      const cases: [string, string][] = [
        ['2026-12-19T00:00:00Z', '2026-12-18'], // 00:00 UTC: a relative due date, the end of Dec 18 (UTC)
        ['2026-12-18T23:59:59Z', '2026-12-18'], // the lead's form: the chosen day at 23:59:59 UTC
        ['2026-07-14T23:59:59.999Z', '2026-07-14'],
        ['2026-12-19T03:30:00Z', '2026-12-18'], // any other instant: its day in the city (22:30 on Dec 18 in New York)
        ['2026-07-15T12:00:00Z', '2026-07-15'],
        ['2026-03-09T03:30:00Z', '2026-03-08'], // 23:30 EDT on the spring-change day
      ];
      const ids: string[] = [];
      for (const [i, [instant]] of cases.entries()) {
        const [{ id: staff }] = await q<{ id: string }>(
          `INSERT INTO staff (employee_id, email, first_name, last_name, department_id) VALUES ($1, $2, 'Due', 'Day', $3) RETURNING id`,
          [`DD${i}`, `dd${i}@city.example`, dept],
        );
        const [{ id }] = await q<{ id: string }>(`INSERT INTO assignment (staff_id, track_id, due_at, sources) VALUES ($1, $2, $3, '[]') RETURNING id`, [staff, track, instant]);
        ids.push(id);
      }
      await ds.runMigrations({ transaction: 'each' });
      const migrated = await q<{ id: string; day: string }>(`SELECT id, to_char(due_on, 'YYYY-MM-DD') AS day FROM assignment WHERE id = ANY($1::uuid[])`, [ids]);
      expect(ids.map((id) => migrated.find((m) => m.id === id)?.day)).toEqual(cases.map(([, day]) => day));
      // The rollups were rebuilt from the days: each open assignment is in its due day's bucket.
      const buckets = await q<{ week: string; n: number }>(
        `SELECT to_char(week, 'YYYY-MM-DD') AS week, n::int FROM report_week WHERE kind = 'due_day' AND by_department AND by_job_class AND by_location AND subject_id = $1 ORDER BY week`,
        [track],
      );
      const expected = new Map<string, number>();
      for (const [, day] of cases) expected.set(day, (expected.get(day) ?? 0) + 1);
      expect(buckets).toEqual([...expected.entries()].sort().map(([week, n]) => ({ week, n })));

      // Down and up again: the same days.
      await undoThroughCityDueDays();
      await ds.runMigrations({ transaction: 'each' });
      const again = await q<{ id: string; day: string }>(`SELECT id, to_char(due_on, 'YYYY-MM-DD') AS day FROM assignment WHERE id = ANY($1::uuid[])`, [ids]);
      expect(ids.map((id) => again.find((m) => m.id === id)?.day)).toEqual(cases.map(([, day]) => day));
  });
});
