import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CITY_DEPARTMENT } from '@equip/migrations';
import { RenderPool, rendererIn } from '@equip/server/runtime';
import type { Suppression } from '@equip/shared/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { ProtectionTask } from './protect-on-thread';
import { PROTECTION_TIME_LIMIT_MS, readPublicationRecords, type Attribute, type Publication, type SubjectTime } from './publication';

/** One stored publication (a row of report_publication). */
export interface StoredPublication {
  id: string;
  /** '' for everyone protected; else the departments published exactly (ids, sorted, comma-joined). */
  variant: string;
  /** The city day whose "overdue" it counts. */
  asOf: string;
  computedAt: Date;
  stats: Publication['stats'];
}

/** A stored figure's four counts, each null when hidden with its mark. */
export interface StoredCount {
  count: number | null;
  mark: Suppression | null;
}

export interface StoredFigure {
  subjectId: string;
  /** The attribute's value ('' for the total). */
  value: string;
  /** CITY_DEPARTMENT for the whole city. */
  departmentId: string;
  assigned: StoredCount;
  completed: StoredCount;
  exempt: StoredCount;
  overdue: StoredCount;
}

/** Which figures of a publication to read: always one toggle and one attribute value (or the total). */
export interface FigureSelection {
  departmentIds: string[];
  subjectIds?: string[];
  activeOnly: boolean;
  attribute: Attribute | '';
  /** The attribute's value, '' for the total (or "not recorded" under an attribute). */
  value: string;
  /** All values of `attribute` instead of one (a breakdown). */
  everyValue?: boolean;
}

/** The variant's key for a set of exactly published departments. */
export const variantOf = (exact: ReadonlySet<string>): string => [...exact].sort().join(',');

/** Publications kept per variant (the newest is served; the one before is kept for a reader mid-request). */
const KEEP = 2;

/**
 * A thread still running after this is ended and its job fails (to run again). A backstop only: the
 * protection itself stops each subject within its share of `PROTECTION_TIME_LIMIT_MS` (2 hours).
 */
const PROTECTION_TIMEOUT_MS = 6 * 3600_000;

/**
 * Stores and reads the published figures (migration ReportPublications). Writes go to the primary;
 * reads too, since a publication just stored must be the one served (a replica may lag a little).
 */
@Injectable()
export class PublicationStore implements OnModuleDestroy {
  private readonly logger = new Logger(PublicationStore.name);
  /**
   * The protection runs on a thread of its own (one publication at a time per process; the thread
   * ends a second after, and its solver's memory with it). No thread is started until one is needed.
   */
  private readonly threads = new RenderPool({ threads: 1, queue: 64, timeoutMs: PROTECTION_TIMEOUT_MS, idleTimeoutMs: 1_000, busyMessage: 'Too many publications are waiting to be computed.' });
  private readonly protection = rendererIn<ProtectionTask>(__filename, 'protect-on-thread', 'protectRecords');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A publication under way stops now (it may take minutes): its thread ends and its job fails, to run again at the next start or night. */
  async stop(): Promise<void> {
    await this.threads.close();
  }

  onModuleDestroy(): Promise<void> {
    return this.threads.close();
  }

  /**
   * Computes and stores a publication as of `now` (with `exact`: a viewer who leads those
   * departments). With `unlessSince`, one stored since then is returned instead (a second process
   * asking for the same one waits for the first and takes its result).
   */
  async publish(now = new Date(), exact: ReadonlySet<string> = new Set(), unlessSince?: Date): Promise<StoredPublication> {
    const variant = variantOf(exact);
    // One computation per variant at a time, across every process: the second waits, then finds it stored.
    const lock = await this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query(`SELECT pg_advisory_lock(hashtext('report_publication'), hashtext($1))`, [variant]);
      const stored = unlessSince && (await this.latest(variant));
      if (stored && stored.computedAt >= unlessSince) return stored;
      return await this.store(now, exact, variant);
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext('report_publication'), hashtext($1))`, [variant]).catch(() => undefined);
      await lock.release();
    }
  }

  private async store(now: Date, exact: ReadonlySet<string>, variant: string): Promise<StoredPublication> {
    // One snapshot for every count; protected outside any transaction (it may take minutes), then stored in one.
    const records = await this.dataSource.transaction('REPEATABLE READ', (m) => readPublicationRecords(m, now));
    const publication = await this.threads.compute<ProtectionTask, Publication>(this.protection, { records, exactDepartments: [...exact] });
    return this.dataSource.transaction(async (m) => {
      const [row] = await m.query(
        `INSERT INTO report_publication (variant, as_of, computed_at, stats) VALUES ($1, city_day($2), $2, $3)
         RETURNING id, variant, as_of::text AS "asOf", computed_at AS "computedAt", stats`,
        [variant, now, JSON.stringify(publication.stats)],
      );
      await this.insertFigures(m, row.id, publication);
      await m.query(
        `DELETE FROM report_publication WHERE id IN (
           SELECT id FROM report_publication WHERE variant = $1 ORDER BY computed_at DESC OFFSET ${KEEP})`,
        [variant],
      );
      const { departmentsOnly, unfinished } = publication.stats;
      if (departmentsOnly.length + unfinished.length > 0) {
        this.logger.warn(
          `Protecting ${departmentsOnly.length + unfinished.length} courses or tracks ran past their share of the ${PROTECTION_TIME_LIMIT_MS / 3600_000}-hour limit; ` +
            `they are tried whole again with the next publication. Department totals only (breakdowns withheld): ${departmentsOnly.join(', ') || 'none'}; ` +
            `every figure withheld: ${unfinished.join(', ') || 'none'}`,
        );
      }
      this.logger.log(
        `Published ${publication.stats.figures} figures${variant ? ' (a viewer’s own departments exact)' : ''}: ` +
          `${publication.stats.primary} fewer than 5, ${publication.stats.complementary} suppressed, ${publication.stats.withheld} withheld, in ${publication.stats.ms} ms` +
          slowest(publication.stats.subjects),
      );
      return row as StoredPublication;
    });
  }

  /** The newest publication of a variant, or null. */
  async latest(variant: string): Promise<StoredPublication | null> {
    const [row] = await this.dataSource.query(
      `SELECT id, variant, as_of::text AS "asOf", computed_at AS "computedAt", stats FROM report_publication
        WHERE variant = $1 ORDER BY computed_at DESC LIMIT 1`,
      [variant],
    );
    return row ?? null;
  }

  /**
   * The base publication and one for each viewer who also leads (their departments exact), all as
   * of `now`: what the worker runs nightly, after a roster feed and on "Publish now". Variants of
   * led sets nobody holds any more are dropped.
   */
  async publishAll(now = new Date()): Promise<StoredPublication> {
    const base = await this.publish(now);
    for (const exact of await this.leadViewerVariants()) await this.publish(now, exact);
    await this.dataSource.query(`DELETE FROM report_publication WHERE variant <> '' AND computed_at < $1`, [now]);
    return base;
  }

  /**
   * The departments each viewer who also leads sees exactly (what `ledDepartments` gives them: the
   * departments they lead and everything under them), one set per distinct combination.
   */
  async leadViewerVariants(): Promise<ReadonlySet<string>[]> {
    const rows: { ids: string[] }[] = await this.dataSource.query(
      `SELECT DISTINCT array_agg(DISTINCT d.id::text ORDER BY d.id::text) AS ids
         FROM role_grant g
         JOIN staff s ON s.id = g.staff_id AND s.active
         JOIN department r ON r.id = g.department_id
         JOIN department d ON d.path LIKE r.path || '%'
        WHERE g.role = 'equity_lead'
          AND EXISTS (SELECT 1 FROM role_grant v WHERE v.staff_id = g.staff_id AND v.role = 'viewer')
          AND NOT EXISTS (SELECT 1 FROM role_grant a WHERE a.staff_id = g.staff_id AND a.role = 'rase_admin')
        GROUP BY g.staff_id`,
    );
    return rows.map((r) => new Set(r.ids));
  }

  /** The titles of these courses and tracks (ids), by title; archived ones too. */
  async subjectTitles(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { title: string }[] = await this.dataSource.query(
      `SELECT t.title FROM track t WHERE t.id = ANY($1::uuid[])
       UNION ALL
       SELECT v.title FROM course c JOIN course_version v ON v.id = c.current_version_id WHERE c.id = ANY($1::uuid[])
       ORDER BY 1`,
      [ids],
    );
    return rows.map((r) => r.title);
  }

  /** The figures of a publication that `selection` asks for. */
  async figures(publicationId: string, selection: FigureSelection): Promise<StoredFigure[]> {
    const params: unknown[] = [publicationId, selection.departmentIds, selection.activeOnly, selection.attribute];
    const where = [`publication_id = $1`, `department_id = ANY($2::uuid[])`, `active_only = $3`, `attribute = $4`];
    if (!selection.everyValue) where.push(`value = $${params.push(selection.value)}`);
    if (selection.subjectIds) where.push(`subject_id = ANY($${params.push(selection.subjectIds)}::uuid[])`);
    const rows: Record<string, string | number | null>[] = await this.dataSource.query(
      `SELECT subject_id AS "subjectId", department_id AS "departmentId", value,
              assigned, assigned_mark, completed, completed_mark, exempt, exempt_mark, overdue, overdue_mark
         FROM report_published_figure WHERE ${where.join(' AND ')}`,
      params,
    );
    const count = (r: Record<string, string | number | null>, measure: string): StoredCount => ({
      count: r[measure] === null ? null : Number(r[measure]),
      mark: (r[`${measure}_mark`] as Suppression | null) ?? null,
    });
    return rows.map((r) => ({
      subjectId: r['subjectId'] as string,
      departmentId: r['departmentId'] as string,
      value: r['value'] as string,
      assigned: count(r, 'assigned'),
      completed: count(r, 'completed'),
      exempt: count(r, 'exempt'),
      overdue: count(r, 'overdue'),
    }));
  }

  /** One row per figure key with its four measures, in batches (a big city publishes millions of counts). */
  private async insertFigures(m: EntityManager, publicationId: string, publication: Publication): Promise<void> {
    type Row = { subject: string; department: string; active: boolean; attribute: string; value: string; counts: (number | null)[]; marks: (string | null)[] };
    const rows = new Map<string, Row>();
    const order = ['assigned', 'completed', 'exempt', 'overdue'];
    for (const f of publication.figures) {
      const department = f.departmentId ?? CITY_DEPARTMENT;
      const key = `${f.subjectId}|${department}|${f.activeOnly}|${f.attribute ?? ''}|${f.value}`;
      let row = rows.get(key);
      if (!row) {
        row = { subject: f.subjectId, department, active: f.activeOnly, attribute: f.attribute ?? '', value: f.value, counts: [null, null, null, null], marks: [null, null, null, null] };
        rows.set(key, row);
      }
      const at = order.indexOf(f.measure);
      row.counts[at] = f.count;
      row.marks[at] = f.mark;
    }
    const all = [...rows.values()];
    for (let i = 0; i < all.length; i += 5000) {
      const batch = all.slice(i, i + 5000);
      const column = <T>(pick: (r: Row) => T) => batch.map(pick);
      await m.query(
        `INSERT INTO report_published_figure (publication_id, subject_id, department_id, active_only, attribute, value,
                                              assigned, assigned_mark, completed, completed_mark, exempt, exempt_mark, overdue, overdue_mark)
         SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::boolean[], $5::text[], $6::text[],
                                  $7::int[], $8::text[], $9::int[], $10::text[], $11::int[], $12::text[], $13::int[], $14::text[])`,
        [
          publicationId,
          column((r) => r.subject),
          column((r) => r.department),
          column((r) => r.active),
          column((r) => r.attribute),
          column((r) => r.value),
          ...[0, 1, 2, 3].flatMap((k) => [column((r) => r.counts[k]), column((r) => r.marks[k])]),
        ],
      );
    }
  }
}

/** The three subjects that took longest to protect, for the publication's log line. */
function slowest(subjects: SubjectTime[]): string {
  const took = (t: SubjectTime) => t.totalsMs + (t.breakdownsMs ?? 0);
  const top = [...subjects].sort((a, b) => took(b) - took(a)).slice(0, 3);
  if (!top.length) return '';
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `; the slowest: ${top
    .map((t) => `${t.subjectId} (${t.records} records) ${seconds(t.totalsMs)} for department totals${t.breakdownsMs === null ? '' : ` and ${seconds(t.breakdownsMs)} for breakdowns`}`)
    .join(', ')}`;
}
