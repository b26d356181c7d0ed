import type { EntityManager } from 'typeorm';
import { CURRENT_CYCLE } from '../report-filter';
import { ACTIVE, cube, type CubeKey } from './cube';
import { IntegerAuditor, ProtectionTimeLimitError } from './linear-facts';
import { protect, type ProtectionMark, type ProtectionResult } from './protect';

/** The measures published for each cell: assigned = completed + exempt + overdue + the rest (open, not yet overdue; never displayed). */
export const MEASURES = ['assigned', 'completed', 'exempt', 'overdue', 'rest'] as const;
export type Measure = (typeof MEASURES)[number];
const MEASURE_SPEC = { count: 5, relations: [{ total: 0, parts: [1, 2, 3, 4] }], internal: [false, false, false, false, true] };

/** The attributes a published figure may be broken down by, one at a time. */
export const ATTRIBUTES = ['job_class', 'work_location'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

/** One published figure: a department's subtree (null: the whole city) × subject × toggle × at most one attribute value × measure. */
export interface PublishedFigure {
  subjectId: string;
  departmentId: string | null;
  activeOnly: boolean;
  attribute: Attribute | null;
  /** The attribute's value ('' is "not recorded"); '' when `attribute` is null. */
  value: string;
  measure: Exclude<Measure, 'rest'>;
  /** Null when hidden. */
  count: number | null;
  mark: Exclude<ProtectionMark, null> | null;
}

export interface Publication {
  figures: PublishedFigure[];
  /**
   * `unprotectable`: counts a caller who sees some departments exactly can work out from them, so shown (0 in the base publication).
   * `departmentsOnly`: the courses and tracks (ids) whose breakdowns by job class and work location ran past their share of
   * `PROTECTION_TIME_LIMIT_MS`: published as department totals, every breakdown withheld. `unfinished`: those whose totals did
   * too: every figure withheld. `subjects`: each subject's protection time, its department totals and then its breakdowns
   * (null when not tried), smallest subject first.
   */
  stats: {
    cells: number;
    figures: number;
    primary: number;
    complementary: number;
    withheld: number;
    solves: number;
    unprotectable: number;
    departmentsOnly: string[];
    unfinished: string[];
    subjects: SubjectTime[];
    ms: number;
  };
}

/** How long one course's or track's figures took to protect. */
export interface SubjectTime {
  subjectId: string;
  /** Its records (rows of counts): what orders the subjects. */
  records: number;
  totalsMs: number;
  /** Null when its breakdowns were not tried (`attributeBreakdowns: false`). */
  breakdownsMs: number | null;
}

/**
 * How long the protection of one publication may take. Every subject's department totals are
 * protected first (a cube without breakdowns: seconds, even on a city of hundreds of small units),
 * then the whole cubes with their breakdowns by job class and work location, smallest first, each
 * within an even share of the time left (a quick one leaves its unused time to the next). A subject
 * whose breakdowns run past their share is published as its department totals, every breakdown
 * withheld that they do not give away (safe: the totals were protected on their own, a withheld
 * breakdown of two or more values can be anything up to its total, and nothing relates figures of
 * two subjects), and tried whole again with the next publication. So a city whose
 * breakdowns are too big to protect in a night still gets every subject's totals every night,
 * instead of a publication that runs for hours and never finishes.
 */
export const PROTECTION_TIME_LIMIT_MS = 2 * 3600_000;

interface RecordRow {
  subjectId: string;
  departmentId: string;
  active: boolean;
  jobClass: string;
  workLocation: string;
  assigned: string;
  completed: string;
  exempt: string;
  overdue: string;
}

/**
 * The published set, computed off the request path from the current cycle of every assignment:
 * for each course and track, the city and each department's subtree × everyone or active staff
 * only × the total or one value of one attribute × assigned, completed, exempt, overdue (open and
 * due before the city's day of `now`). Protected block by block (one subject is one block: nothing relates figures of
 * two subjects), so a reader of the whole set pins no hidden count.
 */
export interface PublicationOptions {
  auditor?: IntegerAuditor;
  /**
   * Departments published exactly (a viewer who also leads them, and sees their people anyway):
   * every figure of theirs is fixed, and the rest is protected around them. Must be closed under
   * sub-departments (as `ledDepartments` gives them).
   */
  exactDepartments?: ReadonlySet<string>;
  /** Only these courses and tracks (ids; each is a block of its own, so a part is protected as the whole would be). */
  subjectIds?: ReadonlySet<string>;
  /** The whole protection's time limit (default `PROTECTION_TIME_LIMIT_MS`), shared among the subjects. */
  timeLimitMs?: number;
  /** False: department totals only, every breakdown by job class or work location withheld (what a subject falls back to when its breakdowns take too long). */
  attributeBreakdowns?: boolean;
}

/** What a publication is computed from: the department tree and the counts by department, subject, activity and attributes. */
export interface PublicationRecords {
  departments: { id: string; parentId: string | null }[];
  rows: RecordRow[];
}

export async function computePublication(m: EntityManager, now: Date, options: PublicationOptions = {}): Promise<Publication> {
  return protectPublication(await readPublicationRecords(m, now), options);
}

/** One snapshot's counts (a few grouped queries): read in a transaction of their own, protected after it. */
export async function readPublicationRecords(m: EntityManager, now: Date): Promise<PublicationRecords> {
  const departments: { id: string; parentId: string | null }[] = await m.query(`SELECT id, parent_id AS "parentId" FROM department ORDER BY path`);
  const rows: RecordRow[] = await m.query(
    `SELECT COALESCE(a.course_id, a.track_id) AS "subjectId", s.department_id AS "departmentId", s.active,
            COALESCE(s.job_class, '') AS "jobClass", COALESCE(s.work_location, '') AS "workLocation",
            count(*) AS assigned,
            count(*) FILTER (WHERE a.exempted_at IS NULL AND a.completed_at IS NOT NULL) AS completed,
            count(*) FILTER (WHERE a.exempted_at IS NOT NULL) AS exempt,
            count(*) FILTER (WHERE a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_on < city_day($1)) AS overdue
       FROM assignment a JOIN staff s ON s.id = a.staff_id
      WHERE ${CURRENT_CYCLE}
      GROUP BY 1, 2, 3, 4, 5`,
    [now],
  );
  return { departments, rows };
}

/** The protection of the published set (CPU only: no database). */
export async function protectPublication({ departments, rows }: PublicationRecords, options: PublicationOptions = {}): Promise<Publication> {
  const { auditor, exactDepartments = new Set<string>(), subjectIds, timeLimitMs = PROTECTION_TIME_LIMIT_MS, attributeBreakdowns = true } = options;
  const started = Date.now();
  // The city is a root of its own above the departments (ordered by path: parents first).
  const position = new Map(departments.map((d, i) => [d.id, i + 1]));
  const tree = [{ parent: -1 }, ...departments.map((d) => ({ parent: d.parentId ? (position.get(d.parentId) ?? 0) : 0 }))];
  const ids: (string | null)[] = [null, ...departments.map((d) => d.id)];
  const bySubject = new Map<string, RecordRow[]>();
  for (const r of rows) {
    if (subjectIds && !subjectIds.has(r.subjectId)) continue;
    const subject = bySubject.get(r.subjectId);
    if (subject) subject.push(r);
    else bySubject.set(r.subjectId, [r]);
  }

  const audit = auditor ?? (await IntegerAuditor.load());
  const solvesBefore = audit.solves;
  // What the caller knows exactly is fixed: shown as it is, never hidden, never a complement. Every
  // reader knows the city has no staff of its own (everyone is in a department): its own cells are 0.
  const known = (key: CubeKey) => (key.department === 0 && !key.subtree) || exactDepartments.has(ids[key.department] ?? '');
  /** One subject's cube, with or without its breakdowns by job class and work location, its known cells fixed. */
  const cubeOf = (records: RecordRow[], values: string[][]) => {
    const c = cube({
      departments: tree,
      attributes: values.map((v) => ({ values: v })),
      measures: MEASURE_SPEC,
      toggle: true,
      records: records.map((r) => {
        const [assigned, completed, exempt, overdue] = [r.assigned, r.completed, r.exempt, r.overdue].map(Number);
        return {
          department: position.get(r.departmentId) as number,
          active: r.active,
          values: values.length ? [values[0].indexOf(r.jobClass), values[1].indexOf(r.workLocation)] : [],
          counts: [assigned, completed, exempt, overdue, assigned - completed - exempt - overdue],
        };
      }),
    });
    return { cube: c, cells: c.cells.map((cell, i) => (known(c.keys[i]) ? { ...cell, fixed: true } : cell)) };
  };
  /** Its protection, or null if it ran past `deadline`. */
  const attempt = ({ cube: c, cells }: ReturnType<typeof cubeOf>, deadline: number) =>
    protect(cells, c.relations, { auditor: audit, derived: c.derived, deadline }).catch((error: unknown) => {
      if (error instanceof ProtectionTimeLimitError) return null;
      throw error;
    });

  // Smallest first (fewest rows of counts), so that the time a quick subject leaves goes to the bigger ones.
  const subjects = [...bySubject]
    .sort(([a, ra], [b, rb]) => ra.length - rb.length || a.localeCompare(b))
    .map(([subjectId, records]) => {
      const values = ATTRIBUTES.map((a) => [...new Set(records.map((r) => (a === 'job_class' ? r.jobClass : r.workLocation)))].sort());
      return { subjectId, records: records.length, values, full: cubeOf(records, values), totals: cubeOf(records, []) };
    });
  const endsAt = started + timeLimitMs;
  const shareOf = (left: number) => Date.now() + (endsAt - Date.now()) / left;
  // Each subject's time, for the stats and the worker's log.
  const times: SubjectTime[] = subjects.map((s) => ({ subjectId: s.subjectId, records: s.records, totalsMs: 0, breakdownsMs: null }));
  // 1. Every subject's department totals first: seconds each even where the breakdowns take an hour
  //    (a tree of hundreds of small units), so no subject's totals wait behind another's breakdowns.
  const totals: (ProtectionResult | null)[] = [];
  for (const [k, s] of subjects.entries()) {
    const at = Date.now();
    totals.push(await attempt(s.totals, shareOf(subjects.length - k)));
    times[k].totalsMs = Date.now() - at;
  }
  // 2. Then the breakdowns, each within an even share of the time left.
  const full: (ProtectionResult | null)[] = [];
  for (const [k, s] of subjects.entries()) {
    if (!attributeBreakdowns) {
      full.push(null);
      continue;
    }
    const at = Date.now();
    full.push(await attempt(s.full, shareOf(subjects.length - k)));
    times[k].breakdownsMs = Date.now() - at;
  }

  const figures: PublishedFigure[] = [];
  const stats: Publication['stats'] = {
    cells: 0,
    figures: 0,
    primary: 0,
    complementary: 0,
    withheld: 0,
    solves: 0,
    unprotectable: 0,
    departmentsOnly: [],
    unfinished: [],
    subjects: times,
    ms: 0,
  };
  for (const [k, { subjectId, values, full: { cube: c, cells } }] of subjects.entries()) {
    stats.cells += c.cells.length;
    let marks: ProtectionMark[];
    let derivable: ReadonlySet<number>;
    const coarse = totals[k];
    if (full[k]) {
      const result = full[k] as ProtectionResult;
      // Only beside fixed cells: a count the caller can work out from what they see exactly, whatever is
      // hidden around it. Hiding it would protect nothing (and claim to): it is shown.
      derivable = new Set(result.unprotectable);
      marks = result.marks;
    } else if (coarse) {
      // The totals as protected on their own, and every breakdown withheld but those the totals give
      // away anyway: the one value of an attribute that has one (it is the total), and the values of a
      // total of 0 (all 0). Withheld, a breakdown of two or more values under a total above 0 can be
      // anything from 0 to that total: a reader learns nothing from it.
      stats.departmentsOnly.push(subjectId);
      const t = subjects[k].totals.cube;
      const unprotectable = new Set(coarse.unprotectable);
      const totalOf = (key: CubeKey) => t.index({ ...key, attribute: -1, value: 0 }) as number;
      const sameAsTotal = (key: CubeKey) => key.attribute >= 0 && (values[key.attribute].length === 1 || (coarse.marks[totalOf(key)] === null && t.cells[totalOf(key)].value === 0));
      derivable = new Set(c.keys.flatMap((key, i) => ((key.attribute < 0 || sameAsTotal(key)) && unprotectable.has(totalOf(key)) ? [i] : [])));
      marks = c.keys.map((key, i) => (cells[i].fixed || cells[i].internal ? null : key.attribute < 0 || sameAsTotal(key) ? coarse.marks[totalOf(key)] : 'withheld'));
    } else {
      // Not even the totals in time: every count but those the caller knows exactly is withheld.
      stats.unfinished.push(subjectId);
      derivable = new Set();
      marks = cells.map((cell) => (cell.fixed || cell.internal ? null : 'withheld'));
    }
    stats.unprotectable += derivable.size;
    c.keys.forEach((key: CubeKey, i) => {
      if (c.cells[i].internal) return;
      const mark = derivable.has(i) ? null : marks[i];
      if (mark === 'fewer_than_5') stats.primary++;
      else if (mark === 'complementary') stats.complementary++;
      else if (mark === 'withheld') stats.withheld++;
      figures.push({
        subjectId,
        departmentId: ids[key.department],
        activeOnly: key.toggle === ACTIVE,
        attribute: key.attribute < 0 ? null : ATTRIBUTES[key.attribute],
        value: key.attribute < 0 ? '' : values[key.attribute][key.value],
        measure: MEASURES[key.measure] as PublishedFigure['measure'],
        count: mark === null ? c.cells[i].value : null,
        mark,
      });
    });
  }
  stats.solves = audit.solves - solvesBefore;
  stats.figures = figures.length;
  stats.ms = Date.now() - started;
  return { figures, stats };
}
