import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * Where generated and received files (certificate PDFs) are kept, readable by every api and worker
 * process. Keys are relative paths such as `certificates/2026/11/EQ-2026-000123.pdf`. Three
 * implementations, chosen by FILE_STORAGE: PostgreSQL (the default), an S3-compatible bucket, and a
 * local folder for development. `file-storage.contract.ts` is the one spec all three pass.
 */
export abstract class FileStorage {
  /** Stores `body` under `key`, replacing a file already there; a reader sees the old file or the new one, never half of one. */
  abstract put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The file's bytes, or null when no file has that key. */
  abstract get(key: string): Promise<Buffer | null>;
  abstract exists(key: string): Promise<boolean>;
  /** Removes the file; a key with no file is not an error. */
  abstract delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export function assertStorageKey(key: string): void {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`Invalid storage key "${key}"`);
}

/** Files under one folder (development; one machine only); writes go to a temporary name first so a reader never sees half a file. */
export class LocalFileStorage extends FileStorage {
  private readonly root: string;

  constructor(folder: string) {
    super();
    this.root = resolve(folder);
  }

  private path(key: string): string {
    assertStorageKey(key);
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error(`Invalid storage key "${key}"`);
    return path;
  }

  async put(key: string, body: Buffer, _contentType?: string): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, body);
    await rename(temporary, path);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
