import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `stored_file`: the default FileStorage (FILE_STORAGE=postgres), so certificates written by the
 * worker are read by any api process, and backed up with the data. Files kept in a local folder
 * before stay there; a certificate whose PDF is missing from the store is drawn again when it is
 * downloaded (CertificatesService), from the facts in the database.
 */
export class StoredFiles1764000005100 implements MigrationInterface {
  name = 'StoredFiles1764000005100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stored_file (
        key           text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 1024),
        content_type  text NOT NULL,
        body          bytea NOT NULL,
        stored_at     timestamptz NOT NULL DEFAULT now()
      )`);
    // Bodies are already compressed PDFs or text read once: keep them out of line, uncompressed.
    await q.query(`ALTER TABLE stored_file ALTER COLUMN body SET STORAGE EXTERNAL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stored_file`);
  }
}
