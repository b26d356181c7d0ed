import { DataSource, EntityManager } from 'typeorm';
import { assertStorageKey, FileStorage } from './file-storage';

/**
 * Files in PostgreSQL (`stored_file`, migration StoredFiles): every api and worker process reads
 * what any of them wrote, a write is one statement (atomic; part of the caller's transaction when
 * built on its EntityManager: `new PostgresFileStorage(manager)`), and the files are backed up and restored with the data
 * they belong to. Certificates are tens of kilobytes; a roster file at most 50 MB (PostgreSQL takes
 * a bytea of up to 1 GB).
 */
export class PostgresFileStorage extends FileStorage {
  constructor(private readonly dataSource: DataSource | EntityManager) {
    super();
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    assertStorageKey(key);
    await this.dataSource.query(
      `INSERT INTO stored_file (key, content_type, body) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET content_type = excluded.content_type, body = excluded.body, stored_at = now()`,
      [key, contentType, body],
    );
  }

  async get(key: string): Promise<Buffer | null> {
    assertStorageKey(key);
    const [row] = await this.dataSource.query<{ body: Buffer }[]>(`SELECT body FROM stored_file WHERE key = $1`, [key]);
    return row?.body ?? null;
  }

  async exists(key: string): Promise<boolean> {
    assertStorageKey(key);
    const [row] = await this.dataSource.query<unknown[]>(`SELECT 1 FROM stored_file WHERE key = $1`, [key]);
    return row !== undefined;
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    await this.dataSource.query(`DELETE FROM stored_file WHERE key = $1`, [key]);
  }
}
