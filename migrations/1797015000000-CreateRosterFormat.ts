import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `roster_format`: how the city's HR export writes the roster, saved by a RASE administrator — its
 * own names for roster columns (`column_names`, a JSON array of `{ header, column }`) and the order
 * it writes dates like 3/4/2019 in. One row for the city (`id` is always true); no row means the
 * default: no extra names, month first.
 */
export class CreateRosterFormat1797015000000 implements MigrationInterface {
  name = 'CreateRosterFormat1797015000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE roster_format (
        id            boolean PRIMARY KEY DEFAULT true CHECK (id),
        date_order    text NOT NULL CHECK (date_order IN ('month-first', 'day-first')),
        column_names  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(column_names) = 'array'),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        updated_by    uuid REFERENCES staff (id) ON DELETE SET NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE roster_format`);
  }
}
