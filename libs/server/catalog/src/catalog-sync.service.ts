import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import type { CatalogSyncResult, ContentProblem } from '@equip/shared/contracts';
import { DataSource } from 'typeorm';
import { CatalogRepository } from './catalog.repository';
import type { Catalog } from './content/catalog.model';
import { loadCatalog } from './content/load-catalog';

export type CatalogSyncOutcome = { problems: ContentProblem[]; result: null } | { problems: []; result: CatalogSyncResult };

/**
 * Publishes the catalog files to the database, idempotently: unchanged content writes nothing; a
 * changed course gets a new version (its old versions stay, for learners in progress); courses,
 * tracks and competencies whose files are gone are archived, and come back if the files do.
 */
@Injectable()
export class CatalogSyncService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CatalogRepository,
    private readonly audit: AuditService,
  ) {}

  /** Reads and checks `dir`; with any problem nothing is written and the problems are returned. */
  async syncFromDirectory(dir: string): Promise<CatalogSyncOutcome> {
    const { catalog, problems } = loadCatalog(dir);
    if (problems.length > 0) return { problems, result: null };
    return { problems: [], result: await this.publish(catalog) };
  }

  /** Publishes a catalog that loaded without problems, in one transaction. */
  async publish(catalog: Catalog): Promise<CatalogSyncResult> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await this.repository.lock(runner);
      const competencies = await this.repository.syncCompetencies(runner, catalog.competencies);
      const { versionsCreated, ...courses } = await this.repository.syncCourses(runner, catalog.courses);
      const tracks = await this.repository.syncTracks(runner, catalog.tracks);
      const result: CatalogSyncResult = { competencies, courses, tracks, courseVersionsCreated: versionsCreated };
      const changed = [competencies, courses, tracks].some((c) => c.created + c.updated + c.archived > 0);
      if (changed) {
        await this.audit.record({ actorId: null, action: 'catalog.synced', subjectType: 'catalog', after: result }, runner.manager);
      }
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}
