import { AuditService } from '@equip/server/audit';
import { CatalogRepository, CatalogSyncService } from '@equip/server/catalog';
import { createDataSource } from '@equip/server/database';
import { createTestDatabase, TestDatabase, timeBudget } from '@equip/server/testing';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { IntegerAuditor, type LinearFacts } from './linear-facts';
import { readerBounds } from './protect';
import { computePublication, type Publication, type PublishedFigure } from './publication';
import { PublicationService } from './publication.service';
import { PublicationStore } from './publication.store';

// The bound for the attacker in CI: three minutes for the publications and both readers.
timeBudget(180);

/**
 * The attacker: a viewer who requests every figure of the published set (all of it, for every
 * course and track) and combines them with everything they know — the department tree, that a
 * total is the sum of its parts (departments, attribute values, active + inactive staff, assigned =
 * completed + exempt + overdue + the rest), whole non-negative counts, "fewer than 5" = 1–4,
 * "suppressed" = 5 or more, "withheld" = unknown — and, for every hidden figure, asks HiGHS whether
 * it can take two different values. A seeded small city: 228 staff in 9 departments (a tree), 3 job
 * classes, 2 work locations, some inactive, two courses with states drawn to leave many small groups.
 */
describe('the publication against an integer attacker (PostgreSQL, HiGHS)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let publication: Publication;
  const now = new Date('2026-06-15T12:00:00Z');
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => ds.query(sql, params);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ databaseUrl: db.url }).initialize();
    const outcome = await new CatalogSyncService(ds, new CatalogRepository(), new AuditService(ds)).syncFromDirectory(join(__dirname, '../../../catalog/src/content/__fixtures__/valid'));
    expect(outcome.problems).toEqual([]);
    // Three top-level departments; two with divisions, one division with a unit of its own.
    const tree: [string, string | null, number][] = [
      ['POL', null, 40], ['POL-PAT', 'POL', 30], ['POL-INV', 'POL', 12], ['POL-INV-CY', 'POL-INV', 6],
      ['PW', null, 45], ['PW-ROAD', 'PW', 25], ['LIB', null, 22], ['CLERK', null, 8], ['ETH', null, 40],
    ];
    const ids: Record<string, string> = {};
    for (const [code, parent, size] of tree) {
      const [row] = await q<{ id: string }>(`INSERT INTO department (code, name, kind, parent_id, path) VALUES ($1, $1, 'department', $2, '') RETURNING id`, [code, parent ? ids[parent] : null]);
      ids[code] = row.id;
      await q(`UPDATE department SET path = COALESCE((SELECT path FROM department WHERE id = $2), '/') || id || '/' WHERE id = $1`, [row.id, parent ? ids[parent] : null]);
      // Deterministic but uneven: job class, location and activity follow the employee's number.
      await q(
        `INSERT INTO staff (employee_id, email, first_name, last_name, department_id, job_class, work_location, active)
         SELECT $1 || '-' || g, lower($1) || g || '@x.org', 'P' || g, $1, $2,
                (ARRAY['Professional', 'Professional', 'Trades', 'Clerical'])[1 + (g * 7 + length($1)) % 4],
                (ARRAY['City Hall', 'City Hall', 'Field'])[1 + (g * 3) % 3],
                g % 11 <> 0
           FROM generate_series(1, $3::int) g`,
        [code, row.id, size],
      );
    }
    // Two courses, assigned to most staff; states by the employee's number (completed, exempt, overdue, open).
    const courses = await q<{ id: string }>(`SELECT id FROM course ORDER BY slug LIMIT 2`);
    expect(courses).toHaveLength(2);
    for (const [k, course] of courses.entries()) {
      await q(
        `INSERT INTO assignment (staff_id, course_id, due_on, completed_at, exempted_at, exempt_reason)
         SELECT s.id, $1,
                CASE WHEN h % 5 = 0 THEN city_day($2::timestamptz) - 3 ELSE city_day($2::timestamptz) + 20 END,
                CASE WHEN h % 3 = 1 AND h % 13 <> 0 THEN $2::timestamptz - interval '1 day' END,
                CASE WHEN h % 13 = 0 THEN $2::timestamptz - interval '2 days' END,
                CASE WHEN h % 13 = 0 THEN 'On leave' END
           FROM (SELECT id, abs(hashtext(employee_id || $3::text)) AS h FROM staff) s
          WHERE h % 7 <> 0`,
        [course.id, now, String(k)],
      );
    }
    publication = await computePublication(ds.manager, now);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('hides every count from 1 to 4, shows zeros, and publishes only counts it may', () => {
    const hiddenSmall = publication.figures.filter((f) => f.mark === 'fewer_than_5');
    expect(hiddenSmall.length).toBeGreaterThan(20);
    expect(publication.figures.filter((f) => f.count !== null && f.count > 0 && f.count < 5)).toEqual([]);
    expect(publication.figures.some((f) => f.count === 0)).toBe(true);
    expect(publication.stats.unprotectable).toBe(0);
  });

  /** Every hidden figure of `figures` that a reader of all of them can pin (min = max), and what was tried. */
  async function attack(figures: PublishedFigure[]) {
    const truth = await exactCounts(ds, now);
    const departments = await q<{ id: string; parentId: string | null }>(`SELECT id, parent_id AS "parentId" FROM department`);
    const auditor = await IntegerAuditor.load();
    const solvesBefore = auditor.solves;
    // No identity joins two subjects (a reader gains nothing by combining them), so each is solved alone.
    let relations = 0;
    let tried = 0;
    const pinned: unknown[] = [];
    for (const subjectId of new Set(figures.map((f) => f.subjectId))) {
      const { facts, hidden, known } = attackerFacts(figures.filter((f) => f.subjectId === subjectId), truth, departments);
      const intervals = await auditor.intervals(facts, 1, known, new Set(hidden));
      relations += facts.rows.length;
      tried += hidden.length;
      pinned.push(...hidden.filter((u) => intervals[u].max === intervals[u].min).map((u) => ({ subjectId, unknown: u, ...intervals[u] })));
    }
    return { relations, tried, pinned, solves: auditor.solves - solvesBefore };
  }

  it('pins no hidden count however a viewer combines every published figure', async () => {
    const started = Date.now();
    const { relations, tried, pinned, solves } = await attack(publication.figures);
    expect(pinned).toEqual([]);
    expect(tried).toBeGreaterThan(100);
    console.log(
      `attacker (viewer): combined ${publication.figures.length} published figures (${relations} relations), tried to pin ${tried} hidden counts, pinned ${pinned.length}; ` +
        `publication ${publication.stats.ms} ms (${publication.stats.solves} HiGHS solves), attack ${Date.now() - started} ms, ${solves} HiGHS solves`,
    );
  });

  it('pins no hidden count for a viewer who also leads a division: their own publication, their departments exact', async () => {
    const started = Date.now();
    // POL-INV and its unit: the lead sees these people, so every figure of theirs is known to them exactly.
    const led = await q<{ id: string }>(`SELECT id FROM department WHERE code IN ('POL-INV', 'POL-INV-CY')`);
    const exact = new Set(led.map((d) => d.id));
    // One course: courses share no identity, so one is protected (and attacked) as all would be.
    const [course] = [...new Set(publication.figures.map((f) => f.subjectId))].sort();
    const variant = await computePublication(ds.manager, now, { exactDepartments: exact, subjectIds: new Set([course]) });
    const theirs = variant.figures.filter((f) => f.departmentId !== null && exact.has(f.departmentId));
    expect(theirs.length).toBeGreaterThan(50);
    expect(theirs.filter((f) => f.mark !== null)).toEqual([]);
    expect(theirs.some((f) => f.count !== null && f.count > 0 && f.count < 5)).toBe(true);
    // Outside their departments, a count of 1–4 is shown only where it follows from theirs (then hiding it protects nothing).
    const shownSmall = variant.figures.filter((f) => !(f.departmentId !== null && exact.has(f.departmentId)) && f.count !== null && f.count > 0 && f.count < 5);
    expect(shownSmall.length).toBeLessThanOrEqual(variant.stats.unprotectable);
    const { relations, tried, pinned, solves } = await attack(variant.figures);
    expect(pinned).toEqual([]);
    expect(tried).toBeGreaterThan(50);
    console.log(
      `attacker (lead of POL-INV and viewer): combined ${variant.figures.length} published figures, ${theirs.length} of them exact (${relations} relations), ` +
        `tried to pin ${tried} hidden counts, pinned ${pinned.length}; publication ${variant.stats.ms} ms, attack ${Date.now() - started} ms, ${solves} HiGHS solves`,
    );
  });

  it('pins no hidden count when subjects fall back to department totals, for a viewer and for a lead-viewer', async () => {
    // What a subject whose breakdowns took too long is published as: its totals protected on their own, every breakdown withheld.
    const totals = await computePublication(ds.manager, now, { attributeBreakdowns: false });
    expect(totals.stats.departmentsOnly).toHaveLength(2);
    // A breakdown is withheld unless the totals give it away: this city's one work location (= the total), a total of 0 (all 0).
    const totalOf = (f: PublishedFigure) => totals.figures.find((t) => t.attribute === null && t.subjectId === f.subjectId && t.departmentId === f.departmentId && t.activeOnly === f.activeOnly && t.measure === f.measure);
    const breakdowns = totals.figures.filter((f) => f.attribute !== null);
    expect(breakdowns.filter((f) => f.mark !== 'withheld' && !(f.attribute === 'work_location' || totalOf(f)?.count === 0))).toEqual([]);
    expect(breakdowns.filter((f) => f.attribute === 'work_location').every((f) => f.mark === totalOf(f)?.mark && f.count === totalOf(f)?.count)).toBe(true);
    expect(breakdowns.filter((f) => f.attribute === 'job_class' && f.mark === 'withheld').length).toBeGreaterThan(100);
    expect(totals.figures.some((f) => f.attribute === null && f.mark === 'fewer_than_5')).toBe(true);
    const viewer = await attack(totals.figures);
    expect(viewer.pinned).toEqual([]);
    const led = await q<{ id: string }>(`SELECT id FROM department WHERE code IN ('POL-INV', 'POL-INV-CY')`);
    const exact = new Set(led.map((d) => d.id));
    const variant = await computePublication(ds.manager, now, { attributeBreakdowns: false, exactDepartments: exact });
    // Their departments' breakdowns are shown exactly: they see those people anyway.
    expect(variant.figures.filter((f) => f.departmentId !== null && exact.has(f.departmentId) && f.mark !== null)).toEqual([]);
    const leadViewer = await attack(variant.figures);
    expect(leadViewer.pinned).toEqual([]);
    console.log(`attacker (department totals only): tried to pin ${viewer.tried} hidden counts as a viewer and ${leadViewer.tried} as a lead-viewer, pinned ${viewer.pinned.length} and ${leadViewer.pinned.length}`);
  });

  it('stores what the protection computes, on a thread of its own, and stops one under way when told to', async () => {
    const store = new PublicationStore(ds);
    try {
      const stored = await store.publish(now);
      expect(stored.stats).toMatchObject({ figures: publication.stats.figures, primary: publication.stats.primary, complementary: publication.stats.complementary, withheld: publication.stats.withheld });
      const [{ n }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM report_published_figure WHERE publication_id = $1`, [stored.id]);
      expect(n * 4).toBe(publication.stats.figures);
    } finally {
      await store.stop();
    }
    // Told to stop (the worker's SIGTERM), a publication under way ends with its thread: nothing stored, no waiting for the audit.
    const stopping = new PublicationStore(ds);
    const before = await q<{ n: number }>(`SELECT count(*)::int AS n FROM report_publication`);
    const running = stopping.publish(new Date(now.getTime() + 60_000));
    const outcome = running.then(() => 'stored', () => 'stopped');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const asked = Date.now();
    await stopping.stop();
    expect(await outcome).toBe('stopped');
    expect(Date.now() - asked).toBeLessThan(2_000);
    expect(await q(`SELECT count(*)::int AS n FROM report_publication`)).toEqual(before);
  });

  it('names, for administrators, the courses whose protection ran past the time limit', async () => {
    expect(publication.stats).toMatchObject({ departmentsOnly: [], unfinished: [] });
    const [course, other] = await q<{ id: string; title: string }>(`SELECT c.id, v.title FROM course c JOIN course_version v ON v.id = c.current_version_id ORDER BY c.slug LIMIT 2`);
    const store = new PublicationStore(ds);
    try {
      const service = new PublicationService(store, new AuditService(ds));
      const later = new Date(now.getTime() + 3_600_000);
      await q(`INSERT INTO report_publication (variant, as_of, computed_at, stats) VALUES ('', city_day($1), $1, $2)`, [
        later,
        JSON.stringify({ ...publication.stats, departmentsOnly: [other.id], unfinished: [course.id] }),
      ]);
      expect((await service.status()).latest).toMatchObject({ figures: publication.stats.figures, departmentsOnly: [other.title], unfinished: [course.title] });
      // A publication stored before the limit existed has no lists: none.
      const { unfinished: _, departmentsOnly: __, ...older } = publication.stats;
      await q(`INSERT INTO report_publication (variant, as_of, computed_at, stats) VALUES ('', city_day($1), $1, $2)`, [new Date(later.getTime() + 60_000), JSON.stringify(older)]);
      expect((await service.status()).latest).toMatchObject({ departmentsOnly: [], unfinished: [] });
    } finally {
      await store.stop();
    }
  });
});

type Key = string;
const keyOf = (subjectId: string, departmentId: string | null, activeOnly: boolean, attribute: string | null, value: string, measure: string): Key =>
  [subjectId, departmentId ?? 'city', activeOnly ? 'active' : 'all', attribute ?? '-', value, measure].join('|');

/** The exact counts behind every figure, straight from the assignments (what the attacker is trying to learn). */
async function exactCounts(ds: DataSource, now: Date): Promise<Map<Key, number>> {
  const rows: { subjectId: string; path: string; active: boolean; jobClass: string; workLocation: string; measure: string; n: string }[] = await ds.query(
    `SELECT a.course_id AS "subjectId", d.path, s.active, COALESCE(s.job_class, '') AS "jobClass", COALESCE(s.work_location, '') AS "workLocation", m.measure, count(*) AS n
       FROM assignment a JOIN staff s ON s.id = a.staff_id JOIN department d ON d.id = s.department_id
      CROSS JOIN LATERAL (VALUES ('assigned', true),
                                 ('completed', a.completed_at IS NOT NULL AND a.exempted_at IS NULL),
                                 ('exempt', a.exempted_at IS NOT NULL),
                                 ('overdue', a.completed_at IS NULL AND a.exempted_at IS NULL AND a.due_on < city_day($1)),
                                 ('rest', a.completed_at IS NULL AND a.exempted_at IS NULL AND NOT a.due_on < city_day($1))) m (measure, yes)
      WHERE m.yes GROUP BY 1, 2, 3, 4, 5, 6`,
    [now],
  );
  const truth = new Map<Key, number>();
  const add = (k: Key, n: number) => truth.set(k, (truth.get(k) ?? 0) + n);
  for (const r of rows) {
    const n = Number(r.n);
    const departments = [null, ...r.path.split('/').filter(Boolean)];
    for (const activeOnly of r.active ? [false, true] : [false])
      for (const [attribute, value] of [[null, ''], ['job_class', r.jobClass], ['work_location', r.workLocation]] as const) {
        for (const d of departments) add(keyOf(r.subjectId, d, activeOnly, attribute, value, r.measure), n);
        // The staff member's own department's own count (outside its divisions), never published.
        add(`${keyOf(r.subjectId, departments[departments.length - 1], activeOnly, attribute, value, r.measure)}|own`, n);
      }
  }
  return truth;
}

/**
 * The attacker's system, built from the published figures alone (not from the engine's cube): an
 * unknown for each hidden figure and for each count a reader never sees (a department's own staff
 * outside its divisions, inactive staff, the rest), and every identity between them.
 */
function attackerFacts(figures: PublishedFigure[], truth: Map<Key, number>, departments: { id: string; parentId: string | null }[]): { facts: LinearFacts; hidden: number[]; known: number[] } {
  const unknowns: LinearFacts['unknowns'] = [];
  const known: number[] = [];
  const hidden: number[] = [];
  const shown = new Map<Key, number>();
  const unknownOf = new Map<Key, number>();
  const value = (k: Key) => {
    const t = truth.get(k) ?? 0;
    return t;
  };
  const newUnknown = (k: Key, bounds: { lo: number; hi: number }, t: number) => {
    unknownOf.set(k, unknowns.length);
    unknowns.push(bounds);
    known.push(t);
    return unknowns.length - 1;
  };
  for (const f of figures) {
    const k = keyOf(f.subjectId, f.departmentId, f.activeOnly, f.attribute, f.value, f.measure);
    if (f.mark === null) shown.set(k, f.count as number);
    else hidden.push(newUnknown(k, readerBounds(f.mark), value(k)));
  }
  // A never-seen count: an unknown ≥ 0 (created once).
  const term = (k: Key): { u?: number; c: number } => {
    if (shown.has(k)) return { c: shown.get(k) as number };
    const u = unknownOf.get(k) ?? newUnknown(k, { lo: 0, hi: Infinity }, value(k));
    return { u, c: 0 };
  };
  const rows: LinearFacts['rows'] = [];
  const relate = (total: Key, parts: Key[]) => {
    const terms: [number, number][] = [];
    let rhs = 0;
    for (const [k, sign] of [[total, 1], ...parts.map((p) => [p, -1])] as [Key, number][]) {
      const t = term(k);
      if (t.u === undefined) rhs -= sign * t.c;
      else terms.push([t.u, sign]);
    }
    rows.push({ terms, lo: rhs, hi: rhs });
  };
  const children = new Map<string | null, string[]>();
  for (const d of departments) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id]);
  const cells = new Map<string, PublishedFigure>();
  for (const f of figures) cells.set(keyOf(f.subjectId, f.departmentId, f.activeOnly, f.attribute, f.value, 'assigned'), f);
  const valuesOf = new Map<string, Set<string>>();
  for (const f of figures) if (f.attribute) valuesOf.set(`${f.subjectId}|${f.attribute}`, new Set([...(valuesOf.get(`${f.subjectId}|${f.attribute}`) ?? []), f.value]));
  const measures = ['assigned', 'completed', 'exempt', 'overdue'];
  for (const f of cells.values()) {
    const at = (measure: string, over: Partial<{ departmentId: string | null; activeOnly: boolean; attribute: string | null; value: string }> = {}) =>
      keyOf(f.subjectId, over.departmentId !== undefined ? over.departmentId : f.departmentId, over.activeOnly ?? f.activeOnly, over.attribute !== undefined ? over.attribute : f.attribute, over.value ?? f.value, measure);
    relate(at('assigned'), [at('completed'), at('exempt'), at('overdue'), at('rest')]);
    for (const measure of [...measures, 'rest']) {
      if (!f.activeOnly) relate(at(measure), [at(measure, { activeOnly: true }), `${at(measure)}|inactive`]);
      if (f.attribute === null) for (const attribute of ['job_class', 'work_location']) relate(at(measure), [...(valuesOf.get(`${f.subjectId}|${attribute}`) ?? [])].map((value) => at(measure, { attribute, value })));
      const subs = children.get(f.departmentId) ?? [];
      if (f.departmentId === null) relate(at(measure), subs.map((d) => at(measure, { departmentId: d })));
      else if (subs.length > 0) relate(at(measure), [`${at(measure)}|own`, ...subs.map((d) => at(measure, { departmentId: d }))]);
    }
  }
  // Truth of the never-seen counts derived from the relations (rest, inactive, own), for the known solution.
  for (const [k, u] of unknownOf) {
    if (k.endsWith('|inactive')) known[u] = value(k.slice(0, -'|inactive'.length)) - value(k.slice(0, -'|inactive'.length).replace('|all|', '|active|'));
  }
  return { facts: { unknowns, rows }, hidden, known };
}
