import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileStorageContract } from './file-storage.contract';
import { LocalFileStorage } from './file-storage';

describe('LocalFileStorage', () => {
  let dir: string;
  let storage: LocalFileStorage;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'equip-storage-'));
    storage = new LocalFileStorage(dir);
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  fileStorageContract(() => storage);

  it('leaves no temporary file beside the one it wrote', async () => {
    await storage.put('certificates/2026/EQ-1.pdf', Buffer.from('%PDF-1.7'), 'application/pdf');
    expect(await readdir(join(dir, 'certificates/2026'))).toEqual(['EQ-1.pdf']);
  });
});
