import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SharedReads, staffScopeCondition } from '@equip/server/database';
import type { DepartmentRef, Role, SessionUser } from '@equip/shared/contracts';
import { areasFor, type StaffScope } from '@equip/shared/domain';
import { DataSource, EntityManager } from 'typeorm';

interface SessionRow {
  id: string;
  employee_id: string;
  email: string;
  first_name: string;
  last_name: string;
  department_id: string;
  department_code: string;
  department_name: string;
  grants: { role: Exclude<Role, 'learner'>; department: DepartmentRef | null }[];
}

/** Why a session ended (`session.end_reason`); the database ends sessions itself for 'deactivated' and 'email_changed'. */
export type SessionEndReason = 'sign_out' | 'password_set' | 'refresh_reused' | 'ended_by_admin';

/** A refresh token found by its hash, locked with its session for the rest of the transaction. */
export interface LockedRefreshToken {
  id: string;
  staffId: string;
  sessionId: string;
  /** The session has not ended and the token has not expired. */
  live: boolean;
  used: boolean;
  /** Used, but within the reuse grace window after its rotation. */
  withinGrace: boolean;
}

/**
 * Who a person is and what they may open (one query, on every request), and the sessions they
 * hold: a session is one sign-in, its id is in the access token, and its refresh tokens rotate.
 */
/** `$1` is the person and `$2` the session of an access token: active, and the session not ended. */
export const SESSION_HOLDER = `s.id = $1 AND EXISTS (SELECT 1 FROM session ss WHERE ss.id = $2 AND ss.staff_id = s.id AND ss.ended_at IS NULL)`;

/** An active person with their department and grants, found by `where` (exported for the bare baseline of `bench/learning-load.bench.ts`). */
export function sessionUserSql(where: string): string {
  return `SELECT s.id, s.employee_id, s.email, s.first_name, s.last_name,
              d.id AS department_id, d.code AS department_code, d.name AS department_name,
              COALESCE(
                (SELECT json_agg(json_build_object(
                          'role', g.role,
                          'department', CASE WHEN gd.id IS NULL THEN NULL
                                             ELSE json_build_object('id', gd.id, 'code', gd.code, 'name', gd.name) END)
                        ORDER BY g.role, gd.code)
                   FROM role_grant g LEFT JOIN department gd ON gd.id = g.department_id
                  WHERE g.staff_id = s.id),
                '[]'::json) AS grants
         FROM staff s JOIN department d ON d.id = s.department_id
        WHERE ${where} AND s.active`;
}

@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** An active person, whatever their sessions (to start one). */
  async findActiveById(staffId: string): Promise<SessionUser | undefined> {
    return this.find('s.id = $1', [staffId]);
  }

  /** Session checks under way: requests that arrive meanwhile share the answer. */
  private readonly checks = new SharedReads<SessionUser | undefined>();

  /**
   * The person behind an access token: active, and the token's session not ended. The request
   * path's only query, so ending a session ends its access tokens at once.
   *
   * A check for the same session that is already under way is shared, not repeated: the web app
   * opens a page with several requests at once (the learner's home sends three), and each would
   * otherwise make the same query. Nothing is kept once the query has answered: a sign-out, a
   * deactivation or a role change holds for every check that starts after it is committed, as
   * before; the only request that does not see it is one that arrives while a check started before
   * the commit is still answering (a query's time, a millisecond or so), i.e. concurrent with it.
   */
  findBySession(staffId: string, sessionId: string): Promise<SessionUser | undefined> {
    return this.checks.read(`${staffId}:${sessionId}`, () => this.find(SESSION_HOLDER, [staffId, sessionId]));
  }

  /** Starts a session; returns its id. */
  async start(staffId: string, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const [row]: { id: string }[] = await manager.query(`INSERT INTO session (staff_id) VALUES ($1) RETURNING id`, [staffId]);
    return row.id;
  }

  async addRefreshToken(manager: EntityManager, staffId: string, sessionId: string, tokenHash: string, days: number): Promise<void> {
    await manager.query(
      `INSERT INTO refresh_token (staff_id, session_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
      [staffId, sessionId, tokenHash, days],
    );
  }

  /** Finds a refresh token and locks it and its session, so two refreshes of one session take turns. */
  async lockRefreshToken(manager: EntityManager, tokenHash: string, graceSeconds: number): Promise<LockedRefreshToken | undefined> {
    const rows: LockedRefreshToken[] = await manager.query(
      `SELECT r.id, r.staff_id AS "staffId", r.session_id AS "sessionId",
              (ss.ended_at IS NULL AND r.expires_at > now()) AS live,
              (r.used_at IS NOT NULL) AS used,
              COALESCE(r.used_at > now() - make_interval(secs => $2), false) AS "withinGrace"
         FROM refresh_token r JOIN session ss ON ss.id = r.session_id
        WHERE r.token_hash = $1
        FOR UPDATE OF r, ss`,
      [tokenHash, graceSeconds],
    );
    return rows[0];
  }

  async markUsed(manager: EntityManager, refreshTokenId: string): Promise<void> {
    await manager.query(`UPDATE refresh_token SET used_at = now() WHERE id = $1`, [refreshTokenId]);
  }

  /** The session a refresh token belongs to, if any. */
  async sessionOfRefreshToken(tokenHash: string): Promise<string | undefined> {
    const rows: { session_id: string }[] = await this.dataSource.query(`SELECT session_id FROM refresh_token WHERE token_hash = $1`, [tokenHash]);
    return rows[0]?.session_id;
  }

  /** Ends one session (if it is still live). */
  async end(sessionId: string, reason: SessionEndReason, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`UPDATE session SET ended_at = now(), end_reason = $2 WHERE id = $1 AND ended_at IS NULL`, [sessionId, reason]);
  }

  /** Ends every live session of a person; returns how many there were. */
  async endAllOf(manager: EntityManager, staffId: string, reason: SessionEndReason): Promise<number> {
    const [, ended]: [unknown, number] = await manager.query(
      `UPDATE session SET ended_at = now(), end_reason = $2 WHERE staff_id = $1 AND ended_at IS NULL`,
      [staffId, reason],
    );
    return Number(ended ?? 0);
  }

  /** Whether the caller's scope holds this staff member (active or not). */
  async staffInScope(manager: EntityManager, scope: StaffScope, staffId: string): Promise<boolean> {
    const params: unknown[] = [staffId];
    const rows: unknown[] = await manager.query(`SELECT 1 FROM staff s WHERE s.id = $1 AND ${staffScopeCondition(scope, 's', params)}`, params);
    return rows.length > 0;
  }

  private async find(where: string, params: string[]): Promise<SessionUser | undefined> {
    const rows: SessionRow[] = await this.dataSource.query(sessionUserSql(where), params);
    const row = rows[0];
    if (!row) return undefined;
    const roles: Role[] = ['learner', ...new Set(row.grants.map((g) => g.role))];
    return {
      id: row.id,
      employeeId: row.employee_id,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
      department: { id: row.department_id, code: row.department_code, name: row.department_name },
      roles,
      leadDepartments: row.grants.flatMap((g) => (g.role === 'equity_lead' && g.department ? [g.department] : [])),
      areas: areasFor(roles),
    };
  }
}
