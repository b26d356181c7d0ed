import type { AppConfig } from '@equip/server/config';
import { createDataSource } from '@equip/server/database';
import { assertStorageKey, fileStorageFor, S3FileStorage } from '@equip/server/storage';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = { '.pdf': 'application/pdf', '.csv': 'text/csv', '.txt': 'text/plain' };

/**
 * `storage-copy [--from <folder>]`: copies the files of a local folder (STORAGE_DIR by default:
 * where certificates were kept before FILE_STORAGE) into the store FILE_STORAGE names, skipping
 * keys that store already has. Run once after upgrading; running it again copies nothing. A
 * certificate whose PDF is in neither place is drawn again by the worker when its job is retried.
 */
export async function storageCopy(config: AppConfig, args: string[]): Promise<number> {
  const folder = args.length === 0 ? config.storageDir : args.length === 2 && args[0] === '--from' ? args[1] : undefined;
  if (!folder) {
    process.stderr.write('Usage: equip storage-copy [--from <folder>]\n');
    return 2;
  }
  if (config.fileStorage.kind === 'local') {
    process.stderr.write('FILE_STORAGE is local: the files are already where the app reads them.\n');
    return 2;
  }
  const dataSource = await createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'equip-storage-copy' }).initialize();
  const storage = fileStorageFor(config, dataSource);
  const counts = { copied: 0, present: 0, skipped: 0 };
  try {
    for (const path of await filesUnder(folder)) {
      const key = relative(folder, path).split(sep).join('/');
      try {
        assertStorageKey(key);
      } catch {
        process.stderr.write(`Skipped ${path}: not a name the store takes\n`);
        counts.skipped++;
        continue;
      }
      if (await storage.exists(key)) {
        counts.present++;
        continue;
      }
      await storage.put(key, await readFile(path), CONTENT_TYPES[extname(key).toLowerCase()] ?? 'application/octet-stream');
      counts.copied++;
    }
    process.stdout.write(`Copied ${counts.copied} file(s) from ${folder} into ${config.fileStorage.kind} storage; ${counts.present} were there already, ${counts.skipped} skipped.\n`);
    return counts.skipped > 0 ? 1 : 0;
  } finally {
    if (storage instanceof S3FileStorage) storage.destroy();
    await dataSource.destroy();
  }
}

/** Every file under `folder`, depth first; a missing folder has none. Temporary files of an interrupted write are left out. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(path)));
    else if (entry.isFile() && !entry.name.endsWith('.tmp')) files.push(path);
  }
  return files;
}
