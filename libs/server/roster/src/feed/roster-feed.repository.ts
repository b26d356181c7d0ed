import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxEvent, type Page, type RosterFeedFile, type RosterFeedFileState } from '@equip/shared/contracts';
import { DataSource, type EntityManager } from 'typeorm';

/** A file of the feed as the worker or an administrator's decision needs it. */
export interface StoredFeedFile {
  id: string;
  sha256: string;
  fileName: string;
  storageKey: string;
  state: RosterFeedFileState;
}

/** What becomes of a file once it has been handled. */
export interface FeedDecision {
  state: Exclude<RosterFeedFileState, 'received'>;
  reason: string | null;
  importId: string | null;
  deactivate: number | null;
  decidedBy: string | null;
}

const FILE_COLUMNS = `
  f.id, f.file_name AS "fileName", f.size::float8 AS size,
  to_char(f.found_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "foundAt",
  f.state, f.held_reason AS reason, f.import_id AS "importId",
  CASE WHEN d.id IS NULL THEN NULL ELSE jsonb_build_object('id', d.id, 'name', d.first_name || ' ' || d.last_name) END AS "decidedBy",
  to_char(f.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "decidedAt",
  f.deactivate`;

const STORED_COLUMNS = `id, sha256, file_name AS "fileName", storage_key AS "storageKey", state`;

/** `roster_feed_file`: one row per file the feed found, unique on its sha256. */
@Injectable()
export class RosterFeedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async known(sha256: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM roster_feed_file WHERE sha256 = $1`, [sha256]);
    return rows.length > 0;
  }

  /** Records a file found in the folder; its id for the one caller that inserted it, null for everyone else. */
  async claim(file: { sha256: string; fileName: string; storageKey: string; size: number }): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO roster_feed_file (sha256, file_name, storage_key, size) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO NOTHING RETURNING id`,
      [file.sha256, file.fileName, file.storageKey, file.size],
    );
    return rows[0]?.id ?? null;
  }

  /** Forgets a claim whose handling failed before anything was decided, so the next run takes the file again. */
  async release(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM roster_feed_file WHERE id = $1 AND state = 'received'`, [id]);
  }

  async decide(manager: EntityManager, id: string, decision: FeedDecision): Promise<void> {
    await manager.query(
      `UPDATE roster_feed_file
          SET state = $2, held_reason = $3, import_id = COALESCE($4, import_id), deactivate = $5,
              decided_by = $6, decided_at = CASE WHEN $6::uuid IS NULL THEN decided_at ELSE now() END
        WHERE id = $1`,
      [id, decision.state, decision.reason, decision.importId, decision.deactivate, decision.decidedBy],
    );
  }

  async find(id: string): Promise<StoredFeedFile | undefined> {
    const rows: StoredFeedFile[] = await this.dataSource.query(`SELECT ${STORED_COLUMNS} FROM roster_feed_file WHERE id = $1`, [id]);
    return rows[0];
  }

  /**
   * Takes a held file for an administrator's decision: one caller wins (it is `received` again
   * until the decision is written); null when it is not held (or not there).
   */
  async takeHeld(id: string): Promise<StoredFeedFile | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE roster_feed_file SET state = 'received' WHERE id = $1 AND state = 'held' RETURNING ${STORED_COLUMNS}`,
      [id],
    );
    return (rows as StoredFeedFile[])[0] ?? null;
  }

  /** Puts a taken file back as held (the administrator's apply did not go through). */
  async restoreHeld(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE roster_feed_file SET state = 'held' WHERE id = $1 AND state = 'received'`, [id]);
  }

  /** Discards a held file in the caller's transaction; false when it is not held. */
  async discard(manager: EntityManager, id: string, actorId: string): Promise<boolean> {
    const [, count] = await manager.query(
      `UPDATE roster_feed_file SET state = 'discarded', decided_by = $2, decided_at = now() WHERE id = $1 AND state = 'held'`,
      [id, actorId],
    );
    return Number(count) === 1;
  }

  async list(page: number, pageSize: number): Promise<Page<RosterFeedFile>> {
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${FILE_COLUMNS} FROM roster_feed_file f LEFT JOIN staff d ON d.id = f.decided_by
          ORDER BY f.found_at DESC, f.id DESC LIMIT $1 OFFSET $2`,
        [pageSize, (page - 1) * pageSize],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM roster_feed_file`),
    ]);
    return { items, total, page, pageSize };
  }

  /** Every active RASE administrator with an address: who is told about a held or refused file. */
  administrators(manager: EntityManager): Promise<{ staffId: string; email: string; firstName: string }[]> {
    return manager.query(`
      SELECT DISTINCT s.id AS "staffId", s.email, s.first_name AS "firstName"
        FROM role_grant g JOIN staff s ON s.id = g.staff_id
       WHERE g.role = 'rase_admin' AND s.active AND s.email IS NOT NULL
       ORDER BY s.email`);
  }

  /** Queues one rendered mail in the caller's transaction: the worker sends it once (outbox `mail.queued`). */
  async queueMail(manager: EntityManager, mails: { key: string; to: string; subject: string; html: string; text: string }[]): Promise<void> {
    if (mails.length === 0) return;
    await manager.query(
      `INSERT INTO outbox (event, payload) SELECT $1, m FROM jsonb_array_elements($2::jsonb) AS m`,
      [OutboxEvent.MailQueued, JSON.stringify(mails)],
    );
  }
}
