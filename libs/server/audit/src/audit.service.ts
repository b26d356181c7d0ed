import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEventView, Page } from '@equip/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditEventInput {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  subjectType?: string;
  subjectId?: string;
  from?: string;
  to?: string;
}

const EXPORT_BATCH = 5000;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records an event; with `manager` it is part of the caller's transaction. */
  async record(event: AuditEventInput, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_event (actor_id, action, subject_type, subject_id, before, after, ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        event.actorId,
        event.action,
        event.subjectType,
        event.subjectId ?? null,
        event.before === undefined ? null : JSON.stringify(event.before),
        event.after === undefined ? null : JSON.stringify(event.after),
        event.ip ?? null,
      ],
    );
  }

  async find(filter: AuditFilter, page: number, pageSize: number): Promise<Page<AuditEventView>> {
    const { where, params } = this.where(filter);
    params.push(pageSize, (page - 1) * pageSize);
    const rows: (AuditEventView & { total: number })[] = await this.dataSource.query(
      `${SELECT_EVENTS}, count(*) OVER ()::int AS total FROM audit_event e LEFT JOIN staff a ON a.id = e.actor_id
        WHERE ${where} ORDER BY e.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: rows.map(({ total: _t, ...event }) => event), total: rows[0]?.total ?? 0, page, pageSize };
  }

  /** Every matching event, newest first, in batches (keyset pagination) so an export never holds the whole log. */
  async *findAll(filter: AuditFilter): AsyncGenerator<AuditEventView[]> {
    let before: string | undefined;
    for (;;) {
      const { where, params } = this.where(filter);
      let clause = where;
      if (before) {
        params.push(before);
        clause += ` AND e.id < $${params.length}`;
      }
      params.push(EXPORT_BATCH);
      const rows: AuditEventView[] = await this.dataSource.query(
        `${SELECT_EVENTS} FROM audit_event e LEFT JOIN staff a ON a.id = e.actor_id WHERE ${clause} ORDER BY e.id DESC LIMIT $${params.length}`,
        params,
      );
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < EXPORT_BATCH) return;
      before = rows[rows.length - 1].id;
    }
  }

  private where(filter: AuditFilter): { where: string; params: unknown[] } {
    const params: unknown[] = [];
    const where: string[] = ['TRUE'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.action) add((p) => `e.action LIKE ${p} || '%'`, filter.action);
    if (filter.actorId) add((p) => `e.actor_id = ${p}`, filter.actorId);
    if (filter.subjectType) add((p) => `e.subject_type = ${p}`, filter.subjectType);
    if (filter.subjectId) add((p) => `e.subject_id = ${p}`, filter.subjectId);
    if (filter.from) add((p) => `e.at >= ${p}::date`, filter.from);
    if (filter.to) add((p) => `e.at < ${p}::date + 1`, filter.to);
    return { where: where.join(' AND '), params };
  }
}

const SELECT_EVENTS = `SELECT e.id::text AS id, e.at, e.action, e.subject_type AS "subjectType", e.subject_id AS "subjectId",
  e.before, e.after, e.ip,
  CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id, 'firstName', a.first_name, 'lastName', a.last_name) END AS actor`;
