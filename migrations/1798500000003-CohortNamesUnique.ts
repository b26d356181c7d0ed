import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cohort's name is unique in its department (or among city-wide cohorts) while it is not
 * archived, ignoring case and surrounding spaces. Names repeated before this migration keep the
 * earliest as it is; later ones get " (2)", " (3)"… in creation order.
 */
export class CohortNamesUnique1798500000003 implements MigrationInterface {
  name = 'CohortNamesUnique1798500000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE cohort c SET name = btrim(c.name) || ' (' || r.n || ')', updated_at = now()
        FROM (SELECT id, row_number() OVER (PARTITION BY department_id, lower(btrim(name)) ORDER BY created_at, id) AS n
                FROM cohort WHERE archived_at IS NULL) r
       WHERE r.id = c.id AND r.n > 1`);
    // NULLS NOT DISTINCT: city-wide cohorts (no department) share one namespace.
    await queryRunner.query(`
      CREATE UNIQUE INDEX cohort_name_unique ON cohort (department_id, lower(btrim(name))) NULLS NOT DISTINCT WHERE archived_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX cohort_name_unique`);
  }
}
