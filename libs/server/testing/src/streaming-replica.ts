import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/** PostgreSQL 15's own binaries (Debian's path); `PG_BIN` points elsewhere. */
const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

/**
 * A primary and a hot standby streaming from it, each a server of its own on a spare port, made
 * for one test run in a temporary folder and removed by `stop()`.
 */
export interface StreamingReplica {
  /** Server URLs (database `postgres`): pass one to createTestDatabase, or use `url()`. */
  primaryUrl: string;
  standbyUrl: string;
  /** `database` on the primary or on the standby. */
  url(server: 'primary' | 'standby', database: string): string;
  /** Waits until the standby has replayed everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Holds the standby's replay (what it shows stays as it is) until `resumeReplay`. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  stop(): Promise<void>;
}

async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root (CI's user): then its commands run as the `postgres` OS user. */
async function asPostgres(command: string, args: string[]): Promise<void> {
  const asRoot = userInfo().uid === 0;
  await run(asRoot ? 'runuser' : join(PG_BIN, command), asRoot ? ['-u', 'postgres', '--', join(PG_BIN, command), ...args] : args, { timeout: 60_000 });
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** initdb a primary, pg_basebackup -R a standby from it, start both. Takes a few seconds. */
export async function startStreamingReplica(): Promise<StreamingReplica> {
  const folder = mkdtempSync('/tmp/equip-replica-');
  if (userInfo().uid === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(folder, Number(stdout.trim()), Number(gid.trim()));
  }
  const primaryDir = join(folder, 'primary');
  const standbyDir = join(folder, 'standby');
  const [primaryPort, standbyPort] = [await sparePort(), await sparePort()];
  // Small and unsynced: a throwaway cluster. Sockets in the folder, TCP on loopback only.
  const options = (port: number) => `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c shared_buffers=32MB`;
  const started: string[] = [];
  const stopAll = async () => {
    for (const dir of started.reverse()) await asPostgres('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await asPostgres('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    await asPostgres('pg_ctl', ['-D', primaryDir, '-o', options(primaryPort), '-l', join(folder, 'primary.log'), '-w', 'start']);
    started.push(primaryDir);
    await asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standbyDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
    await asPostgres('pg_ctl', ['-D', standbyDir, '-o', options(standbyPort), '-l', join(folder, 'standby.log'), '-w', 'start']);
    started.push(standbyDir);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const url = (server: 'primary' | 'standby', database: string) => `postgres://postgres@127.0.0.1:${server === 'primary' ? primaryPort : standbyPort}/${database}`;
  return {
    primaryUrl: url('primary', 'postgres'),
    standbyUrl: url('standby', 'postgres'),
    url,
    async caughtUp(timeoutMs = 30_000) {
      const [{ lsn }] = await query<{ lsn: string }>(url('primary', 'postgres'), `SELECT pg_current_wal_insert_lsn()::text AS lsn`);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [{ done }] = await query<{ done: boolean }>(url('standby', 'postgres'), `SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done`, [lsn]);
        if (done) return;
        if (Date.now() > deadline) throw new Error(`The standby had not replayed up to ${lsn} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async pauseReplay() {
      await query(url('standby', 'postgres'), `SELECT pg_wal_replay_pause()`);
      // Asked, not yet done: replay stops at its next record.
      const deadline = Date.now() + 10_000;
      while ((await query<{ state: string }>(url('standby', 'postgres'), `SELECT pg_get_wal_replay_pause_state() AS state`))[0].state !== 'paused') {
        if (Date.now() > deadline) throw new Error('The standby did not pause its replay');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async resumeReplay() {
      await query(url('standby', 'postgres'), `SELECT pg_wal_replay_resume()`);
    },
    stop: stopAll,
  };
}
