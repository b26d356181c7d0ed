import { SmtpCatcher, startSmtpCatcher } from '@equip/server/testing';
import { Client } from 'pg';
import { until } from './processes';
import { Stack, startStack } from './stack';

/**
 * An api and a worker of their own (see startStack) that mail through an SMTP server in this
 * process, so a journey reads links out of what was actually sent, and a SQL client on their
 * database. `close()` stops everything once, however often it is called.
 */
export interface MailStack {
  smtp: SmtpCatcher;
  stack: Stack;
  sql: Client;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startMailStack(env: Record<string, string> = {}): Promise<MailStack> {
  const smtp = await startSmtpCatcher();
  const stack = await startStack({ SMTP_URL: smtp.url, MAIL_FROM: 'Equip <no-reply@equip.test>', ...env });
  const sql = new Client({ connectionString: stack.db.url });
  await sql.connect();
  let closing: Promise<void> | undefined;
  return {
    smtp,
    stack,
    sql,
    baseUrl: stack.api.baseUrl,
    close: () =>
      (closing ??= (async () => {
        await sql.end();
        await stack.close();
        await smtp.close();
      })()),
  };
}

/** A newly imported staff member in HR: in the roster, no password yet. Returns their id. */
export async function addNewHire(sql: Client, person: { employeeId: string; email: string; firstName: string; lastName: string }): Promise<string> {
  const { rows } = await sql.query(
    `INSERT INTO staff (employee_id, email, first_name, last_name, department_id)
     VALUES ($1, $2, $3, $4, (SELECT id FROM department WHERE code = 'HR')) RETURNING id`,
    [person.employeeId, person.email, person.firstName, person.lastName],
  );
  return rows[0].id;
}

/**
 * Until the worker has committed the person's invitation: it marks the outbox row done just after
 * the SMTP server accepted the mail, and the link works from then on.
 */
export function invitationDone(sql: Client, staffId: string): Promise<true> {
  return until('the invitation to be done', async () => {
    const { rows } = await sql.query(`SELECT 1 FROM outbox WHERE event = 'staff.invited' AND payload->>'staffId' = $1 AND done_at IS NOT NULL`, [staffId]);
    return rows.length > 0 ? true : undefined;
  });
}
