import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { ConflictError } from '@equip/server/http';
import { queueInvitations } from '@equip/server/identity';
import type { RosterImportResult, RosterProblem } from '@equip/shared/contracts';
import { DataSource, QueryRunner } from 'typeorm';
import { copyText } from './file/copy-text';
import { compareProblems, RosterReader } from './file/roster-reader';
import { readRosterFormat } from './format/roster-format.repository';
import { RosterRepository } from './roster.repository';

/** Problems beyond this many are counted (`omittedProblems`) rather than listed. */
export const MAX_LISTED_PROBLEMS = 1000;

export interface RosterImportOptions {
  dryRun: boolean;
  /** The administrator who uploaded the file; null for the scheduled cli import. */
  actorId: string | null;
  /** How the file arrived and what it was called, for the audit trail. */
  via: 'upload' | 'cli';
  fileName?: string;
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

/**
 * Imports the roster: the full list of staff, as a CSV file. The file is checked row by row while
 * it streams into a staging table; with any problem nothing is written. Otherwise the plan (who
 * is added, changed, deactivated, reactivated) is computed in SQL, and a real import writes it
 * with a handful of set-based statements and one audit event, all in one transaction.
 */
@Injectable()
export class RosterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RosterRepository,
    private readonly audit: AuditService,
  ) {}

  async importRoster(file: AsyncIterable<Uint8Array | string>, options: RosterImportOptions): Promise<RosterImportOutcome> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const outcome = await this.run(runner, file, options);
      if (outcome.result.applied) await runner.commitTransaction();
      else await runner.rollbackTransaction();
      return outcome;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async run(runner: QueryRunner, file: AsyncIterable<Uint8Array | string>, options: RosterImportOptions): Promise<RosterImportOutcome> {
    // A dry run only reads, so it needs no lock; a real import waits for nobody and says so.
    if (!options.dryRun && !(await this.repository.tryLock(runner))) {
      throw new ConflictError('Another roster import is running. Try again when it has finished.');
    }
    await this.repository.allowLargeSorts(runner);
    const { dateOrder, columnNames } = await readRosterFormat(runner.manager);
    const reader = new RosterReader({ departmentCodes: await this.repository.departmentCodes(runner), dateOrder, columnNames });
    await this.repository.createStaging(runner);
    await this.repository.copyIntoStaging(runner, copyText(reader.batches(file)));

    const problems = reader.problems;
    if (reader.readable) {
      problems.push(...(await this.repository.emailsHeldOutsideRoster(runner)));
      problems.sort(compareProblems);
    }
    const empty = { added: [], changed: [], deactivated: [], reactivated: [], unchanged: 0 };
    if (problems.length > 0) {
      return { result: { dryRun: options.dryRun, applied: false, rows: reader.rows, ...empty, ...listed(problems), ...reader.report }, staffToReevaluate: [], addedStaffIds: [] };
    }

    await this.repository.createPlan(runner);
    const diff = await this.repository.diff(runner);
    if (diff.planned !== reader.rows) {
      // A row left out of the plan would read as "missing" and deactivate someone; stop instead.
      throw new ConflictError('The departments changed while the roster was being checked. Try the import again.');
    }
    const result: RosterImportResult = {
      dryRun: options.dryRun,
      applied: false,
      rows: reader.rows,
      problems: [],
      added: diff.added,
      changed: diff.changed,
      deactivated: diff.deactivated,
      reactivated: diff.reactivated,
      unchanged: diff.unchanged,
      ...reader.report,
    };
    if (options.dryRun) return { result, staffToReevaluate: [], addedStaffIds: [] };

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
          actorId: options.actorId,
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
        actorId: options.actorId,
        action: 'roster.imported',
        subjectType: 'roster',
        after: {
          via: options.via,
          file: options.fileName ?? null,
          rows: result.rows,
          added: result.added.length,
          changed: result.changed.length,
          deactivated: result.deactivated.length,
          reactivated: result.reactivated.length,
          unchanged: result.unchanged,
        },
      },
      runner.manager,
    );
    const invitations = { invited: addedStaffIds.length, notSent: 0 };
    return { result: { ...result, applied: true, ...(addedStaffIds.length > 0 ? { invitations } : {}) }, staffToReevaluate, addedStaffIds };
  }
}

function listed(problems: RosterProblem[]): Pick<RosterImportResult, 'problems' | 'omittedProblems'> {
  if (problems.length <= MAX_LISTED_PROBLEMS) return { problems };
  return { problems: problems.slice(0, MAX_LISTED_PROBLEMS), omittedProblems: problems.length - MAX_LISTED_PROBLEMS };
}
