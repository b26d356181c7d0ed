import { Injectable } from '@nestjs/common';
import type { RosterColumnName, RosterDateOrder, RosterFileFormat, RosterFileFormatView } from '@equip/shared/contracts';
import type { EntityManager } from 'typeorm';

/** The default when the city has saved none: no names of its own, dates month first (the US way). */
export const DEFAULT_ROSTER_FORMAT: RosterFileFormat = { dateOrder: 'month-first', columnNames: [] };

/**
 * The city's saved roster file format; a function rather than a method so the import reads it
 * in its own transaction without another dependency.
 */
export async function readRosterFormat(manager: EntityManager, options: { lock?: boolean } = {}): Promise<RosterFileFormatView> {
  const rows: { date_order: RosterDateOrder; column_names: RosterColumnName[]; updated_at: Date }[] = await manager.query(
    `SELECT date_order, column_names, updated_at FROM roster_format${options.lock ? ' FOR UPDATE' : ''}`,
  );
  const row = rows[0];
  if (!row) return { ...DEFAULT_ROSTER_FORMAT, updatedAt: null };
  return { dateOrder: row.date_order, columnNames: row.column_names, updatedAt: row.updated_at.toISOString() };
}

@Injectable()
export class RosterFormatRepository {
  find(manager: EntityManager, options: { lock?: boolean } = {}): Promise<RosterFileFormatView> {
    return readRosterFormat(manager, options);
  }

  async save(manager: EntityManager, format: RosterFileFormat, actorId: string): Promise<RosterFileFormatView> {
    await manager.query(
      `INSERT INTO roster_format (id, date_order, column_names, updated_at, updated_by) VALUES (true, $1, $2, now(), $3)
       ON CONFLICT (id) DO UPDATE SET date_order = EXCLUDED.date_order, column_names = EXCLUDED.column_names,
         updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [format.dateOrder, JSON.stringify(format.columnNames), actorId],
    );
    return readRosterFormat(manager);
  }
}
