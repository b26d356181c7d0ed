import { createDataSource } from '@equip/server/database';
import { PostgresFileStorage } from '@equip/server/storage';
import { createTestDatabase, TestDatabase, testConfig } from '@equip/server/testing';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { storageCopy } from './storage-copy';

describe('storage-copy', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let folder: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ databaseUrl: db.url }).initialize();
    folder = await mkdtemp(join(tmpdir(), 'equip-storage-copy-'));
    await mkdir(join(folder, 'certificates/2026/03'), { recursive: true });
    await writeFile(join(folder, 'certificates/2026/03/EQ-2026-000001.pdf'), '%PDF-1 one');
    await writeFile(join(folder, 'certificates/2026/03/EQ-2026-000002.pdf'), '%PDF-1 two');
    await writeFile(join(folder, 'certificates/2026/03/EQ-2026-000003.pdf.1a2b.tmp'), 'half');
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    await rm(folder, { recursive: true, force: true });
  });

  it('copies a folder of certificates into PostgreSQL once, leaving out half-written files', async () => {
    const config = testConfig({ databaseUrl: db.url, databaseReadUrl: db.url, storageDir: folder });
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await storageCopy(config, [])).toBe(0);
      expect(out.mock.calls.map(([text]) => String(text)).join('')).toContain('Copied 2 file(s)');
      expect(await storageCopy(config, ['--from', folder])).toBe(0);
      expect(out.mock.calls.map(([text]) => String(text)).join('')).toContain('Copied 0 file(s)');
      expect(out.mock.calls.map(([text]) => String(text)).join('')).toContain('2 were there already');
    } finally {
      out.mockRestore();
    }
    const storage = new PostgresFileStorage(ds);
    expect((await storage.get('certificates/2026/03/EQ-2026-000002.pdf'))?.toString()).toBe('%PDF-1 two');
    expect(await ds.query(`SELECT key, content_type FROM stored_file ORDER BY key`)).toEqual([
      { key: 'certificates/2026/03/EQ-2026-000001.pdf', content_type: 'application/pdf' },
      { key: 'certificates/2026/03/EQ-2026-000002.pdf', content_type: 'application/pdf' },
    ]);
  });

  it('refuses to copy into the folder store and takes no unknown flag', async () => {
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await storageCopy(testConfig({ databaseUrl: db.url, fileStorage: { kind: 'local' } }), [])).toBe(2);
      expect(await storageCopy(testConfig({ databaseUrl: db.url }), ['--frm', folder])).toBe(2);
    } finally {
      err.mockRestore();
    }
  });
});
