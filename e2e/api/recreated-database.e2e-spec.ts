import { createDataSource } from '@equip/server/database';
import { createTestDatabase, dropDatabase, dropRedisPrefix, TEST_SERVER_URL, TestDatabase } from '@equip/server/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { e2e } from '../support/environment';
import { until } from '../support/processes';
import { ExtraWorker, startExtraWorker } from '../support/stack';

/**
 * A database recreated (or restored from a backup) under a running worker, next to a Redis that
 * kept its jobs: outbox ids start again at 1, and the new rows' jobs must not be taken for the old
 * ones BullMQ still keeps as completed (they would be dropped, and the mail never sent).
 */
describe('a recreated database next to a surviving Redis', () => {
  let db: TestDatabase;
  let worker: ExtraWorker;
  const prefix = `equip-e2e-recreate-${randomBytes(4).toString('hex')}`;
  const mailDir = mkdtempSync(join(tmpdir(), 'equip-e2e-recreate-mail-'));

  /** A person and their invitation, as the api writes them: the worker mails a set-password link. */
  async function invite(email: string): Promise<string> {
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    try {
      await sql.query(
        `INSERT INTO department (id, code, name, path)
         SELECT id, 'HR', 'Human Resources', '/' || id || '/' FROM (SELECT gen_random_uuid() AS id) d
         ON CONFLICT DO NOTHING`,
      );
      const { rows } = await sql.query(
        `WITH person AS (
           INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
           VALUES ('E2E-R' || substr(md5($1), 1, 8), $1, 'Rowan', 'Adeyemi', (SELECT id FROM department WHERE code = 'HR')) RETURNING id)
         INSERT INTO outbox (event, payload) SELECT 'staff.invited', jsonb_build_object('staffId', id) FROM person RETURNING id::text AS id`,
        [email],
      );
      const id = rows[0].id as string;
      await until(
        `the invitation to ${email} to be done`,
        async () => ((await sql.query(`SELECT done_at FROM outbox WHERE id = $1::bigint`, [id])).rows[0]?.done_at ? true : undefined),
        30_000,
      );
      return id;
    } finally {
      await sql.end();
    }
  }

  const mailsTo = (email: string) => readdirSync(mailDir).filter((f) => readFileSync(join(mailDir, f), 'utf8').includes(email));

  beforeAll(async () => {
    db = await createTestDatabase(undefined, 'equip_e2e_recreate');
    worker = await startExtraWorker({
      DATABASE_URL: db.url,
      REDIS_URL: e2e().redisUrl,
      QUEUE_PREFIX: prefix,
      APP_URL: 'http://localhost:3999',
      MAIL_DIR: mailDir,
      OUTBOX_POLL_SECONDS: '1',
    });
  });

  afterAll(async () => {
    await worker?.stop();
    await db?.drop();
    await dropRedisPrefix(e2e().redisUrl, prefix);
    rmSync(mailDir, { recursive: true, force: true });
  });

  it('mails the new database\'s first invitation although the old one\'s, with the same row id, is still kept by Redis', async () => {
    const before = await invite('first.life@equip.test');
    expect(mailsTo('first.life@equip.test')).toHaveLength(1);

    // The database goes away under the running worker and comes back empty, as from a restore.
    await dropDatabase(TEST_SERVER_URL, db.name);
    const admin = new Client({ connectionString: TEST_SERVER_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${db.name}"`);
    await admin.end();
    const dataSource = await createDataSource({ databaseUrl: db.url, applicationName: 'equip-e2e-recreate' }).initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.destroy();

    const after = await invite('second.life@equip.test');
    expect(after).toBe(before); // the same sequence id again: the case that used to be dropped
    expect(mailsTo('second.life@equip.test')).toHaveLength(1);
  }, 120_000);
});
