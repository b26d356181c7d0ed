import { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuditModule } from '@equip/server/audit';
import { AppConfig, ConfigModule } from '@equip/server/config';
import { DatabaseModule } from '@equip/server/database';
import { createValidationPipe, ProblemFilter } from '@equip/server/http';
import { ActionMail, MailMessage, MailService, renderActionMail } from '@equip/server/mail';
import { QueueModule } from '@equip/server/queue';
import { createTestDatabase, dropRedisPrefix, TestDatabase, testConfig } from '@equip/server/testing';
import * as argon2 from 'argon2';
import cookieParser from 'cookie-parser';
import { Client } from 'pg';
import request from 'supertest';
import { IdentityModule } from '../identity.module';
import { InvitationSender } from '../password/invitation-sender';
import { PasswordTokenRepository } from '../password/password-token.repository';

/**
 * The identity module as the api runs it (prefix, pipes, problem filter, cookies) on a database and
 * Redis prefix of its own. Mail is caught in `mails` instead of sent (libs/server/mail tests SMTP).
 */
export interface IdentityTestApp {
  app: INestApplication;
  config: AppConfig;
  db: TestDatabase;
  sql: Client;
  mails: MailMessage[];
  /** A department (optionally under another), returning its id. */
  department(code: string, parentId?: string): Promise<string>;
  /** Does the worker's part of every invitation queued so far (SendInvitation for each `staff.invited` row not done); how many were handled. */
  deliverInvitations(): Promise<number>;
  /** The worker's invitation sender, on the fake mail. */
  invitationSender: InvitationSender;
  /** While true, sending mail fails (as an unreachable SMTP server would). */
  failMail: boolean;
  /** A staff member; with a password they can sign in; `roles` adds city-wide grants. */
  person(email: string, options?: { departmentId?: string; active?: boolean; password?: string; roles?: string[]; leadOf?: string }): Promise<string>;
  close(): Promise<void>;
}

/** `imports`: other modules to mount beside identity (a spec that reads people through their routes). */
export async function createIdentityTestApp(overrides: Partial<AppConfig> = {}, imports: Type[] = []): Promise<IdentityTestApp> {
  const db = await createTestDatabase();
  const config = testConfig({ databaseUrl: db.url, databaseReadUrl: db.url, appUrl: 'http://equip.test', ...overrides });
  const mails: MailMessage[] = [];
  // eslint-disable-next-line prefer-const -- assigned once the app exists; the fake mail reads its failMail switch
  let result: IdentityTestApp;
  const fakeMail = {
    compose: (content: ActionMail) => renderActionMail(content, { cityName: config.cityName, officeName: config.officeName, appUrl: config.appUrl }),
    send: async (message: MailMessage) => {
      if (result.failMail) throw new Error('mail server unreachable');
      mails.push(message);
      return { messageId: `<${mails.length}@equip.test>` };
    },
    onApplicationShutdown: () => undefined,
  };
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot('equip-identity-test'), QueueModule.forRoot(), AuditModule, IdentityModule, ...imports],
  })
    .overrideProvider(MailService)
    .useValue(fakeMail)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  app.set('trust proxy', 'loopback');
  app.use(cookieParser());
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  await app.init();

  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  let rootDepartment: string | undefined;
  let people = 0;

  const department = async (code: string, parentId?: string) => {
    const parentPath = parentId ? (await sql.query('SELECT path FROM department WHERE id = $1', [parentId])).rows[0].path : '/';
    const { rows } = await sql.query(
      `WITH d AS (SELECT gen_random_uuid() AS id)
       INSERT INTO department (id, code, name, parent_id, path) SELECT d.id, $1, $1, $2, $3 || d.id || '/' FROM d RETURNING id`,
      [code, parentId ?? null, parentPath],
    );
    return rows[0].id as string;
  };

  const sender = new InvitationSender(app.get(getDataSourceToken()), config, app.get(PasswordTokenRepository), fakeMail as unknown as MailService);
  const deliverInvitations = async () => {
    const { rows } = await sql.query(`SELECT uid::text AS uid, payload->>'staffId' AS "staffId" FROM outbox WHERE event = 'staff.invited' AND done_at IS NULL ORDER BY id`);
    for (const row of rows) await sender.send({ outboxId: row.uid, staffId: row.staffId });
    return rows.length;
  };

  result = {
    app,
    config,
    db,
    sql,
    mails,
    department,
    deliverInvitations,
    invitationSender: sender,
    failMail: false,
    async person(email, options = {}) {
      rootDepartment ??= await department('TEST');
      people += 1;
      const { rows } = await sql.query(
        `INSERT INTO staff (employee_id, email, first_name, last_name, department_id, active)
         VALUES ($1, $2, $3, 'Tester', $4, $5) RETURNING id`,
        [`E${people}`, email, `First${people}`, options.departmentId ?? rootDepartment, options.active ?? true],
      );
      const id = rows[0].id as string;
      if (options.password) {
        await sql.query(`INSERT INTO account (staff_id, password_hash) VALUES ($1, $2)`, [
          id,
          await argon2.hash(options.password, { type: argon2.argon2id }),
        ]);
      }
      for (const role of options.roles ?? []) await sql.query(`INSERT INTO role_grant (staff_id, role) VALUES ($1, $2)`, [id, role]);
      if (options.leadOf) await sql.query(`INSERT INTO role_grant (staff_id, role, department_id) VALUES ($1, 'equity_lead', $2)`, [id, options.leadOf]);
      return id;
    },
    async close() {
      await app.close();
      await sql.end();
      await db.drop();
      await dropRedisPrefix(config.redisUrl, config.queuePrefix);
    },
  };
  return result;
}

let addresses = 0;

/** What a browser does with Equip's cookies, including sending the CSRF header (as Angular does). */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  /** Each browser comes from its own address, so rate limits of one test do not touch another. */
  private readonly ip = `10.77.${Math.floor(++addresses / 250)}.${addresses % 250}`;

  constructor(private readonly app: INestApplication) {}

  async send(method: 'get' | 'post' | 'delete', path: string, body?: object, headers: Record<string, string> = {}): Promise<request.Response> {
    let req = request(this.app.getHttpServer())[method](path).set('X-Forwarded-For', this.ip);
    if (this.cookies.size > 0) req = req.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const csrf = this.cookies.get('XSRF-TOKEN');
    if (method !== 'get' && csrf) req = req.set('X-XSRF-TOKEN', csrf);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    const res = await (body === undefined ? req : req.send(body));
    for (const line of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
      const [pair] = line.split(';');
      const [name, ...value] = pair.split('=');
      const v = value.join('=');
      if (v === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), v);
    }
    return res;
  }

  get(path: string) {
    return this.send('get', path);
  }

  post(path: string, body?: object, headers?: Record<string, string>) {
    return this.send('post', path, body ?? {}, headers);
  }
}
