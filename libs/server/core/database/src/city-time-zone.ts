import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The database's copy of CITY_TIME_ZONE (`city_setting`), read by `city_time_zone()`,
 * `city_day(t)`, `city_today()` and the reporting rollups, which count weeks in the city's time.
 * Each process writes it at start; when it changed, the rollups are rebuilt in the same
 * transaction, so they never mix two zones. Returns whether it changed.
 */
export async function syncCityTimeZone(db: DataSource | EntityManager, timeZone: string): Promise<boolean> {
  const manager = db instanceof DataSource ? db.manager : db;
  return manager.transaction(async (m) => {
    // The row lock orders processes starting together: the second finds the zone already written.
    const [current]: { time_zone: string }[] = await m.query(`SELECT time_zone FROM city_setting FOR UPDATE`);
    if (current?.time_zone === timeZone) return false;
    await m.query(`UPDATE city_setting SET time_zone = $1, updated_at = now()`, [timeZone]);
    await m.query(`SELECT report_rebuild()`);
    return true;
  });
}

/** Writes CITY_TIME_ZONE into the database as a Nest process (api, worker) starts. */
@Injectable()
export class CityTimeZoneSync implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await syncCityTimeZone(this.dataSource, this.config.cityTimeZone);
  }
}
