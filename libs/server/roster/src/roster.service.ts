import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { APP_CONFIG, type AppConfig } from '@equip/server/config';
import { ConflictError, NotFoundError } from '@equip/server/http';
import { queueInvitations } from '@equip/server/identity';
import type { Page, RosterImportMode, RosterImportVia, RosterImportRecord, RosterImportResult, RosterProblem } from '@equip/shared/contracts';
import { DataSource, QueryRunner } from 'typeorm';
import { copyText } from './file/copy-text';
import { compareProblems, RosterReader } from './file/roster-reader';
import { readRosterFormat } from './format/roster-format.repository';
import { RosterImportRecordRepository, type RosterChangeLine, type UndoBlock } from './imports/roster-import-record.repository';
import { confirmation, confirmationProblem, confirmationThreshold, lastAdministratorProblems, selfProblem } from './imports/roster-safety';
import { RosterRepository, type RosterDiff } from './roster.repository';

/** Problems beyond this many are counted (`omittedProblems`) rather than listed. */
export const MAX_LISTED_PROBLEMS = 1000;

export interface RosterImportOptions {
  dryRun: boolean;
  /** The administrator who uploaded the file; null for the scheduled cli import. */
  actorId: string | null;
  /** How the file arrived and what it was called, for the record and the audit trail. */
  via: RosterImportVia;
  fileName?: string;
  /** sha256 of the file's bytes, hex, for the record. */
  sha256: string;
  /** `full` (the default): whoever is missing is deactivated. `changes-only`: only those listed as inactive are. */
  mode?: RosterImportMode;
  /** The number of people the administrator confirms the import deactivates (typed back from the dry run). */
  confirmDeactivate?: number;
}

export interface RosterUndoOptions {
  dryRun: boolean;
  actorId: string | null;
  via: RosterImportVia;
  confirmDeactivate?: number;
}

export interface RosterImportOutcome {
  result: RosterImportResult;
  /**
   * Extension point for rule cohorts: after a real import, the staff whose department, job
   * fields or active status changed, and everyone added. Cohort re-evaluation will be queued from
   * here (an outbox row in the same transaction); until cohorts exist nothing consumes it.
   */
  staffToReevaluate: string[];
  /** After a real import: the active staff it added, each invited (in the import's transaction) to set a password. */
  addedStaffIds: string[];
}

/** What an import or an undo is, for the record and the audit trail. */
interface Run {
  mode: RosterImportMode | 'undo';
  dryRun: boolean;
  actorId: string | null;
  via: RosterImportVia;
  fileName: string | null;
  sha256: string | null;
  undoes: string | null;
  confirmDeactivate?: number;
}

const EMPTY = { added: [], changed: [], deactivated: [], reactivated: [], unchanged: 0 };

/**
 * Imports the roster: the list of staff, as a CSV file, either the full roster (whoever is missing
 * is deactivated) or changes only. The file is checked row by row while it streams into a staging
 * table; with any problem nothing is written. Otherwise the plan (who is added, changed,
 * deactivated, reactivated) is computed in SQL and checked for what an import may never do
 * (deactivate the administrator running it, or the city's last RASE administrator) and for what
 * needs a typed confirmation (deactivating many); a real import records the plan person by person,
 * writes it with a handful of set-based statements and audits it, all in one transaction. An undo
 * is the same pipeline on a plan read from an import's record.
 */
@Injectable()
export class RosterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RosterRepository,
    private readonly audit: AuditService,
    private readonly records: RosterImportRecordRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async importRoster(file: AsyncIterable<Uint8Array | string>, options: RosterImportOptions): Promise<RosterImportOutcome> {
    const run: Run = {
      mode: options.mode ?? 'full',
      dryRun: options.dryRun,
      actorId: options.actorId,
      via: options.via,
      fileName: options.fileName ?? null,
      sha256: options.sha256,
      undoes: null,
      confirmDeactivate: options.confirmDeactivate,
    };
    return this.transact(run, (runner) => this.planFile(runner, file, run));
  }

  /**
   * Undoes an applied import: everyone it changed goes back to how it found them, everyone it
   * added is deactivated. Previewed with `dryRun`, checked and confirmed like an import, and
   * refused (409) once undone, or when a later import or an edit has changed any of its people.
   */
  async undoImport(importId: string, options: RosterUndoOptions): Promise<RosterImportOutcome> {
    const run: Run = { mode: 'undo', ...options, fileName: null, sha256: null, undoes: importId };
    return this.transact(run, (runner) => this.planUndo(runner, importId, run));
  }

  imports(page: number, pageSize: number): Promise<Page<RosterImportRecord>> {
    return this.records.list(page, pageSize);
  }

  async findImport(id: string): Promise<RosterImportRecord> {
    const record = await this.records.find(id);
    if (!record) throw new NotFoundError('No such roster import');
    return record;
  }

  /** An import's change list in batches, for the CSV. */
  importChanges(id: string): AsyncIterable<RosterChangeLine[]> {
    return this.records.changeLines(id);
  }

  /** Commits only an applied plan; a real import refused with problems is recorded after the rollback. */
  private async transact(run: Run, plan: (runner: QueryRunner) => Promise<RosterImportOutcome>): Promise<RosterImportOutcome> {
    const runner = this.dataSource.createQueryRunner();
    let outcome: RosterImportOutcome;
    try {
      await runner.startTransaction();
      outcome = await plan(runner);
      if (outcome.result.applied) await runner.commitTransaction();
      else await runner.rollbackTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
    const r = outcome.result;
    if (!run.dryRun && !r.applied && r.problems.length > 0) {
      const importId = await this.records.insert({
        ...this.recordOf(run, r),
        status: 'refused',
        confirmed: false,
      });
      outcome = { ...outcome, result: { ...r, importId } };
    }
    return outcome;
  }

  private async planFile(runner: QueryRunner, file: AsyncIterable<Uint8Array | string>, run: Run): Promise<RosterImportOutcome> {
    await this.lock(runner, run);
    await this.repository.allowLargeSorts(runner);
    const changesOnly = run.mode === 'changes-only';
    const { dateOrder, columnNames } = await readRosterFormat(runner.manager);
    const reader = new RosterReader({
      departmentCodes: await this.repository.departmentCodes(runner),
      dateOrder,
      columnNames,
      ...(changesOnly ? { managersOutsideFile: await this.repository.employeeIds(runner) } : {}),
    });
    await this.repository.createStaging(runner);
    await this.repository.copyIntoStaging(runner, copyText(reader.batches(file)));

    const problems = reader.problems;
    if (reader.readable) {
      problems.push(...(await this.repository.emailsHeldOutsideRoster(runner, changesOnly ? 'changes-only' : 'full')));
      problems.sort(compareProblems);
    }
    if (problems.length > 0) return this.refused(run, reader.rows, problems, reader.report);

    await this.repository.createPlan(runner, changesOnly ? 'changes-only' : 'full');
    if (changesOnly) {
      const loops = await this.repository.managerLoopsThroughStaff(runner);
      if (loops.length > 0) return this.refused(run, reader.rows, loops, reader.report);
    }
    const diff = await this.repository.diff(runner);
    if (diff.planned !== reader.rows) {
      // A row left out of the plan would read as "missing" and deactivate someone; stop instead.
      throw new ConflictError('The departments changed while the roster was being checked. Try the import again.');
    }
    return this.decide(runner, run, reader.rows, diff, reader.report);
  }

  private async planUndo(runner: QueryRunner, importId: string, run: Run): Promise<RosterImportOutcome> {
    await this.lock(runner, run);
    const block = await this.records.undoBlock(runner, importId);
    if (block) throw undoRefusal(block);
    await this.records.createUndoPlan(runner, importId);
    await this.repository.createMissing(runner, false);
    const diff = await this.repository.diff(runner);
    return this.decide(runner, run, diff.planned, diff);
  }

  /** A dry run needs no lock; a real import or undo waits for nobody and says so. */
  private async lock(runner: QueryRunner, run: Run): Promise<void> {
    if (!run.dryRun && !(await this.repository.tryLock(runner))) {
      throw new ConflictError('Another roster import is running. Try again when it has finished.');
    }
  }

  /**
   * The plan is ready: check what an import may never do and what needs confirming, answer a dry
   * run, or record, write and audit the plan.
   */
  private async decide(runner: QueryRunner, run: Run, rows: number, diff: RosterDiff, report: Pick<RosterImportResult, 'read' | 'warnings'> = {}): Promise<RosterImportOutcome> {
    const undo = run.undoes !== null;
    const self = run.actorId ? selfProblem(await this.repository.leaving(runner, run.actorId), undo) : null;
    const problems = [...(self ? [self] : []), ...lastAdministratorProblems(await this.repository.administratorsAfter(runner), run.actorId, undo)];
    const threshold = confirmationThreshold(this.config.roster, await this.repository.activeStaff(runner));
    const confirm = confirmation(diff.deactivated.length, threshold, run.confirmDeactivate);
    const result: RosterImportResult = {
      dryRun: run.dryRun,
      applied: false,
      rows,
      problems: problems.sort(compareProblems),
      added: diff.added,
      changed: diff.changed,
      deactivated: diff.deactivated,
      reactivated: diff.reactivated,
      unchanged: diff.unchanged,
      ...report,
      mode: run.mode,
      leavingRoleHolders: await this.repository.leavingRoleHolders(runner),
      departmentsLosingOnlyLead: await this.repository.departmentsLosingOnlyLead(runner),
      confirmation: confirm,
      ...(run.undoes ? { undoes: run.undoes } : {}),
    };
    const none = { staffToReevaluate: [], addedStaffIds: [] };
    if (problems.length > 0 || run.dryRun) return { result, ...none };
    const unconfirmed = confirmationProblem(confirm, run.confirmDeactivate);
    if (unconfirmed) return { result: { ...result, problems: [unconfirmed], confirmation: { ...confirm, refused: true } }, ...none };

    const importId = await this.records.insert(
      { ...this.recordOf(run, result), status: 'applied', confirmed: confirm.confirmed },
      runner.manager,
    );
    await this.records.recordChanges(runner, importId);
    const staffToReevaluate = await this.repository.staffWithNewPlacement(runner);
    const addedStaffIds = await this.repository.addedActiveStaff(runner);
    const written = await this.repository.apply(runner);
    // The preview is a promise: if the merge did anything else, roll it all back rather than surprise anyone.
    if (written.written !== diff.toWrite || written.deactivated !== diff.missing) {
      throw new Error(
        `Roster import wrote ${written.written} rows and deactivated ${written.deactivated}, ` +
          `but the plan had ${diff.toWrite} and ${diff.missing}; nothing was saved.`,
      );
    }
    // The active staff it added are invited to set a password, in this same transaction: the
    // worker mails each a link (outbox `staff.invited`), so nobody added is left without one.
    if (addedStaffIds.length > 0) {
      await queueInvitations(runner.manager, addedStaffIds);
      await this.audit.record(
        {
          actorId: run.actorId,
          action: 'staff.invited',
          subjectType: 'staff',
          subjectId: addedStaffIds.length === 1 ? addedStaffIds[0] : null,
          after: { invited: addedStaffIds.length, staffIds: addedStaffIds, via: 'roster' },
        },
        runner.manager,
      );
    }
    await this.audit.record(
      {
        actorId: run.actorId,
        action: run.undoes ? 'roster.import-undone' : 'roster.imported',
        subjectType: 'roster',
        subjectId: importId,
        after: {
          via: run.via,
          mode: run.mode,
          file: run.fileName,
          sha256: run.sha256,
          ...(run.undoes ? { undoes: run.undoes } : {}),
          rows: result.rows,
          added: result.added.length,
          changed: result.changed.length,
          deactivated: result.deactivated.length,
          reactivated: result.reactivated.length,
          unchanged: result.unchanged,
          confirmed: confirm.confirmed,
        },
      },
      runner.manager,
    );
    const invitations = { invited: addedStaffIds.length, notSent: 0 };
    return {
      result: { ...result, applied: true, importId, ...(addedStaffIds.length > 0 ? { invitations } : {}) },
      staffToReevaluate,
      addedStaffIds,
    };
  }

  private refused(run: Run, rows: number, problems: RosterProblem[], report: Pick<RosterImportResult, 'read' | 'warnings'> = {}): RosterImportOutcome {
    return {
      result: { dryRun: run.dryRun, applied: false, rows, ...EMPTY, ...listed(problems), ...report, mode: run.mode, ...(run.undoes ? { undoes: run.undoes } : {}) },
      staffToReevaluate: [],
      addedStaffIds: [],
    };
  }

  private recordOf(run: Run, r: RosterImportResult) {
    return {
      actorId: run.actorId,
      via: run.via,
      mode: run.mode,
      fileName: run.fileName,
      sha256: run.sha256,
      undoes: run.undoes,
      rows: r.rows,
      added: r.added.length,
      changed: r.changed.length,
      deactivated: r.deactivated.length,
      reactivated: r.reactivated.length,
      unchanged: r.unchanged,
      problems: r.problems,
    };
  }
}

function listed(problems: RosterProblem[]): Pick<RosterImportResult, 'problems' | 'omittedProblems'> {
  if (problems.length <= MAX_LISTED_PROBLEMS) return { problems };
  return { problems: problems.slice(0, MAX_LISTED_PROBLEMS), omittedProblems: problems.length - MAX_LISTED_PROBLEMS };
}

/** 404 for an import nobody has; 409, saying why, for one that cannot be undone now. */
function undoRefusal(block: UndoBlock): Error {
  const some = (people: string[], count: number) => `${people.join(', ')}${count > people.length ? ` and ${count - people.length} more` : ''}`;
  switch (block.kind) {
    case 'missing':
      return new NotFoundError('No such roster import');
    case 'refused':
      return new ConflictError('This import was refused and changed nothing, so there is nothing to undo.');
    case 'undone':
      return new ConflictError('This import was already undone.');
    case 'later':
      return new ConflictError(
        `A later import changed people this one changed (${some(block.people, block.count)}); undo that one first, or correct them with a new import.`,
      );
    case 'edited':
      return new ConflictError(
        `People this import changed have been changed since (${some(block.people, block.count)}); undoing it would lose that. Correct them with a new import instead.`,
      );
  }
}
