import { createDataSource } from '@equip/server/database';
import { createTestDatabase, TestDatabase } from '@equip/server/testing';
import { DataSource } from 'typeorm';
import { fileStorageContract } from './file-storage.contract';
import { PostgresFileStorage } from './postgres-file-storage';

describe('PostgresFileStorage', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let storage: PostgresFileStorage;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ databaseUrl: db.url }).initialize();
    storage = new PostgresFileStorage(ds);
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  fileStorageContract(() => storage);

  it('writes inside the caller transaction when built on its manager: a rollback takes the file back', async () => {
    const rolledBack = ds.transaction(async (manager) => {
      await new PostgresFileStorage(manager).put('in-transaction.txt', Buffer.from('x'), 'text/plain');
      expect(await new PostgresFileStorage(manager).exists('in-transaction.txt')).toBe(true);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await storage.exists('in-transaction.txt')).toBe(false);
  });
});
