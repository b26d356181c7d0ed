import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { departmentScopeCondition, staffScopeCondition } from '@equip/server/database';
import type { AccountStatusKind, PasswordTokenPurpose } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

export const hashPasswordToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new one-time link token: 32 random bytes, URL-safe. Only its hash is ever stored. */
export const newPasswordToken = (): string => randomBytes(32).toString('base64url');

/** Someone a link is for. */
export interface Recipient {
  staffId: string;
  email: string;
  firstName: string;
}

export interface ValidToken {
  id: string;
  staffId: string;
  purpose: PasswordTokenPurpose;
  email: string;
  firstName: string;
}

const RECIPIENT = `s.id AS "staffId", s.email, s.first_name AS "firstName"`;

/** SQL for one-time password links; tokens arrive here already hashed except where noted. */
@Injectable()
export class PasswordTokenRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Active staff who cannot sign in yet (no password), among the given ids and in the given
   * department's subtree. One statement however many people.
   */
  async invitees(staffIds: string[], departmentId: string | undefined): Promise<Recipient[]> {
    return this.dataSource.query(
      `SELECT ${RECIPIENT}
         FROM staff s JOIN department d ON d.id = s.department_id
        WHERE s.active
          AND NOT EXISTS (SELECT 1 FROM account a WHERE a.staff_id = s.id)
          AND (s.id = ANY($1::uuid[])
               OR d.path LIKE (SELECT path FROM department WHERE id = $2::uuid) || '%')
        ORDER BY s.id`,
      [staffIds, departmentId ?? null],
    );
  }

  /** A department the caller may see (a lead: one of theirs). */
  async departmentVisible(scope: StaffScope, departmentId: string): Promise<boolean> {
    const params: unknown[] = [departmentId];
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM department d WHERE d.id = $1 AND ${departmentScopeCondition(scope, 'd', params)}`,
      params,
    );
    return rows.length > 0;
  }

  /** A cohort the caller may see: one of a lead's departments, or any for an administrator. */
  async cohortVisible(scope: StaffScope, cohortId: string): Promise<boolean> {
    const params: unknown[] = [cohortId];
    const visible =
      scope.kind === 'city' ? (scope.personLevel ? 'TRUE' : 'FALSE') : `c.department_id IN (SELECT d.id FROM department d WHERE ${departmentScopeCondition(scope, 'd', params)})`;
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM cohort c WHERE c.id = $1 AND c.archived_at IS NULL AND ${visible}`, params);
    return rows.length > 0;
  }

  /**
   * Everyone an invitation request names — by id, a department's subtree, a cohort's current
   * members — that the caller may see, with their account status. One statement however many.
   */
  async invitationCandidates(
    scope: StaffScope,
    target: { staffIds: string[]; departmentId?: string; cohortId?: string },
  ): Promise<{ staffId: string; status: AccountStatusKind }[]> {
    const params: unknown[] = [target.staffIds, target.departmentId ?? null, target.cohortId ?? null];
    return this.dataSource.query(
      `SELECT s.id AS "staffId", st.status
         FROM staff s
         JOIN department d ON d.id = s.department_id
         JOIN staff_account_status st ON st.staff_id = s.id
        WHERE (s.id = ANY($1::uuid[])
               OR d.path LIKE (SELECT path FROM department WHERE id = $2::uuid) || '%'
               OR s.id IN (SELECT m.staff_id FROM cohort_member m WHERE m.cohort_id = $3::uuid AND m.left_at IS NULL))
          AND ${staffScopeCondition(scope, 's', params)}
        ORDER BY s.id`,
      params,
    );
  }

  /** Invitations sent in the last hour and invitations queued, city-wide: what the hourly limit has left. */
  async invitationLoad(): Promise<{ sentLastHour: number; queued: number }> {
    const [row]: { sentLastHour: number; queued: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM invitation WHERE sent_at > now() - interval '1 hour') AS "sentLastHour",
              (SELECT count(*)::int FROM outbox WHERE event = 'staff.invited' AND done_at IS NULL) AS queued`,
    );
    return row;
  }

  /** An active person, by work email or employee id, with whether they could be invited (no account, none queued). */
  async askingPerson(emailOrEmployeeId: string): Promise<(Recipient & { status: AccountStatusKind }) | undefined> {
    const rows: (Recipient & { status: AccountStatusKind })[] = await this.dataSource.query(
      `SELECT ${RECIPIENT}, st.status
         FROM staff s JOIN staff_account_status st ON st.staff_id = s.id
        WHERE s.active AND (lower(s.email) = lower($1) OR lower(s.employee_id) = lower($1))
        ORDER BY (lower(s.email) = lower($1)) DESC
        LIMIT 1`,
      [emailOrEmployeeId],
    );
    return rows[0];
  }

  async activeStaffByEmail(email: string): Promise<Recipient | undefined> {
    const rows: Recipient[] = await this.dataSource.query(`SELECT ${RECIPIENT} FROM staff s WHERE lower(s.email) = lower($1) AND s.active`, [
      email,
    ]);
    return rows[0];
  }

  /**
   * Stores new links (hashes only, with the address each is mailed to), spending the same people's
   * older links of any purpose: only the newest link a person was sent works. Arrays through
   * unnest: a fixed number of bind parameters.
   */
  async replace(
    manager: EntityManager,
    purpose: PasswordTokenPurpose,
    links: { staffId: string; email: string; tokenHash: string }[],
    lifetime: { minutes: number },
    createdBy: string | null,
  ): Promise<void> {
    const staffIds = links.map((l) => l.staffId);
    await manager.query(`DELETE FROM password_token WHERE staff_id = ANY($1::uuid[]) AND used_at IS NULL`, [staffIds]);
    await manager.query(
      `INSERT INTO password_token (staff_id, email, purpose, token_hash, expires_at, created_by)
       SELECT t.staff_id, t.email, $4, t.token_hash, now() + make_interval(mins => $5), $6
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t (staff_id, email, token_hash)`,
      [staffIds, links.map((l) => l.email), links.map((l) => l.tokenHash), purpose, lifetime.minutes, createdBy],
    );
  }

  /**
   * A link that still works: not used, not expired, for an active staff member who still has the
   * address it was mailed to (case and surrounding spaces aside). Given a transaction, locks it.
   */
  async findValid(tokenHash: string, transaction?: EntityManager): Promise<ValidToken | undefined> {
    const manager = transaction ?? this.dataSource.manager;
    const lock = transaction ? 'FOR UPDATE OF t' : '';
    const rows: ValidToken[] = await manager.query(
      `SELECT t.id, t.purpose, ${RECIPIENT}
         FROM password_token t JOIN staff s ON s.id = t.staff_id
        WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now() AND s.active
          AND lower(btrim(t.email)) = lower(btrim(s.email))
        ${lock}`,
      [tokenHash],
    );
    return rows[0];
  }

  /** Sets the person's password, creating their account on first use. */
  async setPassword(manager: EntityManager, staffId: string, passwordHash: string): Promise<void> {
    await manager.query(
      `INSERT INTO account (staff_id, password_hash) VALUES ($1, $2)
       ON CONFLICT (staff_id) DO UPDATE
          SET password_hash = EXCLUDED.password_hash, password_changed_at = now(), failed_attempts = 0, locked_until = NULL`,
      [staffId, passwordHash],
    );
  }

  /** Spends every link the person still holds; returns how many. */
  async spendAll(manager: EntityManager, staffId: string): Promise<number> {
    const [, spent]: [unknown, number] = await manager.query(
      `UPDATE password_token SET used_at = now() WHERE staff_id = $1 AND used_at IS NULL`,
      [staffId],
    );
    return Number(spent ?? 0);
  }
}
