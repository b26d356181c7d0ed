import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileStorage } from './file-storage';

describe('LocalFileStorage', () => {
  let dir: string;
  let storage: LocalFileStorage;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'equip-storage-'));
    storage = new LocalFileStorage(dir);
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores and reads back a file under a nested key, leaving no temporary file', async () => {
    await storage.put('certificates/2026/EQ-1.pdf', Buffer.from('%PDF-1.7'), 'application/pdf');
    expect((await storage.get('certificates/2026/EQ-1.pdf'))?.toString()).toBe('%PDF-1.7');
    expect(await storage.exists('certificates/2026/EQ-1.pdf')).toBe(true);
    expect(await readdir(join(dir, 'certificates/2026'))).toEqual(['EQ-1.pdf']);
  });

  it('answers null and false for a missing key', async () => {
    expect(await storage.get('certificates/none.pdf')).toBeNull();
    expect(await storage.exists('certificates/none.pdf')).toBe(false);
  });

  it('refuses keys that leave the folder', async () => {
    for (const key of ['../x.pdf', '/etc/passwd', 'a/../../x', '', 'a//b']) {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(/Invalid storage key/);
    }
  });
});
