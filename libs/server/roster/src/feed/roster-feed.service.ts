import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { CohortMembershipService } from '@equip/server/cohorts';
import { APP_CONFIG, type AppConfig } from '@equip/server/config';
import { ConflictError, NotFoundError } from '@equip/server/http';
import { renderActionMail } from '@equip/server/mail';
import { FileStorage } from '@equip/server/storage';
import type { Page, RosterFeedFile } from '@equip/shared/contracts';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { RosterService, type RosterImportOutcome } from '../roster.service';
import { slices } from '../upload';
import { heldReason, refusedReason } from './roster-feed-reason';
import { RosterFeedRepository, type FeedDecision } from './roster-feed.repository';

/** A file modified this recently may still be being written: it waits for the next run. */
export const SETTLE_MS = 60_000;

/** What one pickup did, file by file (the job's return value, shown on the queue's dashboard). */
export interface FeedRunResult {
  /** Files taken and handled by this run, with what became of each. */
  handled: { fileName: string; state: FeedDecision['state'] }[];
  /** Files modified in the last minute, left for the next run. */
  waiting: string[];
  /** Files another run (or an earlier night) already took. */
  known: number;
  /** Another run was going through the folder at the time: this one left it to that one. */
  busy?: boolean;
}

// Session-level advisory lock key: one run goes through the folder at a time (the sha256 row, not this, is what makes a file handled once).
const PICKUP_LOCK = `hashtextextended('roster-feed-pickup', 0)`;

/**
 * The scheduled roster feed. The worker picks up each file in ROSTER_FEED_DIR, copies it into the
 * file store and records it once by its sha256 (INSERT … ON CONFLICT DO NOTHING: only the run that
 * inserted it handles it, however many workers look at the folder). Each file is checked with a
 * dry run; it is imported when it has no problems and needs nobody's confirmation, through the
 * same import as an administrator's upload (`via: 'feed'`, no actor). Otherwise it is `refused`
 * (problems) or `held` (a typed confirmation), and every active RASE administrator is mailed why,
 * through the outbox in the transaction that records it. An administrator applies or discards a
 * held file from the import page.
 */
@Injectable()
export class RosterFeedService {
  private readonly logger = new Logger(RosterFeedService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: RosterFeedRepository,
    private readonly roster: RosterService,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
    private readonly cohorts: CohortMembershipService,
  ) {}

  /** One run over the folder: each settled file not seen before is stored, recorded and handled, in name order. */
  async pickUp(now = Date.now()): Promise<FeedRunResult> {
    const folder = this.config.roster.feedDir;
    if (!folder) return { handled: [], waiting: [], known: 0 };
    // Two runs at once would only make each other's imports wait for the import lock; the second one stands aside.
    const runner = this.dataSource.createQueryRunner();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(${PICKUP_LOCK}) AS locked`);
      if (!locked) return { handled: [], waiting: [], known: 0, busy: true };
      try {
        return await this.pickUpFrom(folder, now);
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(${PICKUP_LOCK})`);
      }
    } finally {
      await runner.release();
    }
  }

  private async pickUpFrom(folder: string, now: number): Promise<FeedRunResult> {
    const run: FeedRunResult = { handled: [], waiting: [], known: 0 };
    const entries = await readdir(folder, { withFileTypes: true });
    const names = entries
      .filter((e) => e.isFile() && !e.name.startsWith('.') && !/\.(tmp|part)$/i.test(e.name))
      .map((e) => e.name)
      .sort();
    for (const fileName of names) {
      const path = join(folder, fileName);
      const stats = await stat(path);
      if (now - stats.mtimeMs < SETTLE_MS) {
        run.waiting.push(fileName);
        continue;
      }
      const bytes = await readFile(path);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (await this.repository.known(sha256)) {
        run.known++;
        continue;
      }
      const storageKey = `roster-feed/${sha256}.csv`;
      // Stored before it is recorded: a row always has its copy. Two runs storing the same bytes under one key is harmless.
      await this.storage.put(storageKey, bytes, 'text/csv');
      const id = await this.repository.claim({ sha256, fileName, storageKey, size: bytes.length });
      if (!id) {
        run.known++;
        continue;
      }
      try {
        run.handled.push({ fileName, state: await this.handle(id, fileName, sha256, bytes) });
      } catch (error) {
        // Nothing was decided (the import rolled back, or another import was running): the next run takes it again.
        await this.repository.release(id);
        throw error;
      }
    }
    return run;
  }

  list(page: number, pageSize: number): Promise<Page<RosterFeedFile>> {
    return this.repository.list(page, pageSize);
  }

  /**
   * An administrator applies a held file: the same import as an upload, with them as its actor and
   * the number typed back; a dry run previews it. 404 for no such file, 409 when it is not held.
   */
  async apply(id: string, options: { dryRun: boolean; actorId: string; confirmDeactivate?: number }): Promise<RosterImportOutcome> {
    if (options.dryRun) {
      const file = await this.repository.find(id);
      if (!file) throw new NotFoundError('No such roster feed file');
      if (file.state !== 'held') throw notHeld(file.state);
      return this.importFile(file, { dryRun: true, actorId: options.actorId });
    }
    const file = await this.repository.takeHeld(id);
    if (!file) {
      const found = await this.repository.find(id);
      if (!found) throw new NotFoundError('No such roster feed file');
      throw notHeld(found.state);
    }
    let outcome: RosterImportOutcome;
    try {
      outcome = await this.importFile(file, { dryRun: false, actorId: options.actorId, confirmDeactivate: options.confirmDeactivate });
    } catch (error) {
      await this.repository.restoreHeld(id);
      throw error;
    }
    if (!outcome.result.applied) {
      // Refused (the number typed, or the roster changed since): still held, for another try or a discard.
      await this.repository.restoreHeld(id);
      return outcome;
    }
    await this.dataSource.transaction(async (manager) => {
      await this.repository.decide(manager, id, {
        state: 'applied',
        reason: null,
        importId: outcome.result.importId ?? null,
        deactivate: null,
        decidedBy: options.actorId,
      });
      await this.audit.record(
        {
          actorId: options.actorId,
          action: 'roster.feed-file-applied',
          subjectType: 'roster_feed_file',
          subjectId: id,
          after: { file: file.fileName, importId: outcome.result.importId, deactivated: outcome.result.deactivated.length },
        },
        manager,
      );
    });
    return outcome;
  }

  /** An administrator discards a held file: nothing is imported. 404 for no such file, 409 when it is not held. */
  async discard(id: string, actorId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (await this.repository.discard(manager, id, actorId)) {
        const file = await this.repository.find(id);
        await this.audit.record(
          { actorId, action: 'roster.feed-file-discarded', subjectType: 'roster_feed_file', subjectId: id, before: { state: 'held' }, after: { state: 'discarded', file: file?.fileName } },
          manager,
        );
        return;
      }
      const found = await this.repository.find(id);
      if (!found) throw new NotFoundError('No such roster feed file');
      throw notHeld(found.state);
    });
  }

  /** A file just taken: dry run, then applied, held or refused. */
  private async handle(id: string, fileName: string, sha256: string, bytes: Buffer): Promise<FeedDecision['state']> {
    const file = { id, fileName, sha256 };
    const dry = await this.importBytes(bytes, file, { dryRun: true, actorId: null });
    if (dry.result.problems.length > 0) {
      await this.decideAndTell(id, { state: 'refused', reason: refusedReason(fileName, dry.result), importId: null, deactivate: null, decidedBy: null });
      return 'refused';
    }
    if (dry.result.confirmation?.required) {
      const reason = heldReason(fileName, dry.result);
      await this.decideAndTell(id, { state: 'held', reason, importId: null, deactivate: dry.result.confirmation.deactivate, decidedBy: null });
      return 'held';
    }
    const real = await this.importBytes(bytes, file, { dryRun: false, actorId: null });
    if (!real.result.applied) {
      // The roster changed between the dry run and the import (it is recorded as refused, with its problems).
      const reason = refusedReason(fileName, real.result);
      await this.decideAndTell(id, { state: 'refused', reason, importId: real.result.importId ?? null, deactivate: null, decidedBy: null });
      return 'refused';
    }
    await this.dataSource.transaction((manager) =>
      this.repository.decide(manager, id, { state: 'applied', reason: null, importId: real.result.importId ?? null, deactivate: null, decidedBy: null }),
    );
    await this.reevaluate(real);
    this.logger.log(`Roster feed file ${fileName} imported (${real.result.importId})`);
    return 'applied';
  }

  private async importFile(file: { id: string; fileName: string; sha256: string; storageKey: string }, options: { dryRun: boolean; actorId: string; confirmDeactivate?: number }) {
    const bytes = await this.storage.get(file.storageKey);
    if (!bytes) throw new Error(`The roster feed file ${file.fileName} is missing from the file store (${file.storageKey})`);
    const outcome = await this.importBytes(bytes, file, options);
    if (outcome.result.applied) await this.reevaluate(outcome);
    return outcome;
  }

  private importBytes(bytes: Buffer, file: { fileName: string; sha256: string }, options: { dryRun: boolean; actorId: string | null; confirmDeactivate?: number }) {
    return this.roster.importRoster(slices(bytes), {
      ...options,
      via: 'feed',
      fileName: file.fileName,
      sha256: file.sha256,
      mode: this.config.roster.feedMode,
    });
  }

  /** Rule cohorts follow the roster, as after an upload: recomputed once the import has committed. */
  private async reevaluate(outcome: RosterImportOutcome): Promise<void> {
    if (outcome.staffToReevaluate.length > 0) await this.cohorts.reevaluate(outcome.staffToReevaluate);
  }

  /** Records what became of the file and, in the same transaction, queues a mail to every active RASE administrator. */
  private async decideAndTell(id: string, decision: FeedDecision): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.repository.decide(manager, id, decision);
      await this.tell(manager, id, decision);
    });
  }

  private async tell(manager: EntityManager, id: string, decision: FeedDecision): Promise<void> {
    const held = decision.state === 'held';
    const subject = held ? 'A nightly roster file needs your confirmation' : 'A nightly roster file was not imported';
    const url = `${this.config.appUrl}/rase/roster`;
    const footer = { cityName: this.config.cityName, officeName: this.config.officeName, appUrl: this.config.appUrl };
    const administrators = await this.repository.administrators(manager);
    await this.repository.queueMail(
      manager,
      administrators.map((a) => {
        const mail = renderActionMail(
          {
            subject,
            preview: decision.reason ?? undefined,
            greeting: `Hello ${a.firstName},`,
            paragraphs: [
              `${decision.reason} Review it in Equip: ${url}`,
              held ? 'You can apply it (typing the number of people it deactivates) or discard it on the roster import page.' : 'Nothing in the roster changed. Correct the file in the HR system; the next file is checked the same way.',
            ],
            action: { label: 'Review it in Equip', url },
          },
          footer,
        );
        return { key: `roster-feed:${id}:${decision.state}:${a.staffId}`, to: a.email, ...mail };
      }),
    );
  }
}

function notHeld(state: string): ConflictError {
  return new ConflictError(`This roster feed file is not waiting for a decision (it is ${state === 'received' ? 'being handled' : state}).`);
}
