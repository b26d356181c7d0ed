import loadHighs, { type Highs } from 'highs';

/**
 * What a reader knows about some unknown whole numbers: each unknown's bounds and linear rows
 * `lo ≤ Σ coef · x ≤ hi` (an equality when lo = hi). The protection engine's audit and the
 * attacker spec both state what a reader can see this way and ask HiGHS how far each unknown can move.
 */
export interface LinearFacts {
  /** Bounds of each unknown (`hi` may be Infinity). */
  unknowns: { lo: number; hi: number }[];
  rows: LinearRow[];
}

export interface LinearRow {
  /** [unknown index, coefficient]; an index may repeat (the coefficients add up). */
  terms: [number, number][];
  lo: number;
  hi: number;
}

/** The smallest and largest whole value an unknown can take under the facts. */
export interface Interval {
  min: number;
  max: number;
}

/** A protection that ran past its time limit (`ProtectionOptions.deadline`): nothing it found is published. */
export class ProtectionTimeLimitError extends Error {
  constructor() {
    super('The protection ran past its time limit');
    this.name = 'ProtectionTimeLimitError';
  }
}

/**
 * HiGHS (the Edinburgh MIP solver, compiled to WebAssembly) as an integer attacker. Loaded once per
 * process (compiling the binary takes ~50 ms); each solve is a fresh native instance.
 */
export class IntegerAuditor {
  private constructor(private readonly highs: Highs) {}

  private static loading?: Promise<IntegerAuditor>;

  static load(): Promise<IntegerAuditor> {
    IntegerAuditor.loading ??= loadHighs().then((h) => new IntegerAuditor(h));
    return IntegerAuditor.loading;
  }

  /** Solves made so far (how much the audit cost). */
  solves = 0;

  /** No solve starts after this moment (ms since the epoch): the audit throws `ProtectionTimeLimitError` (see `protect`). */
  deadline = Infinity;

  private lastBreath = performance.now();

  /**
   * Lets the process's other work run between solves: an audit is thousands of synchronous solves.
   * The worker runs it on a thread of its own (`PublicationStore`); run in a process's main thread
   * (the attacker spec, the benchmark, a test's publication), its event loop still turns.
   */
  private async breathe(): Promise<void> {
    if (Date.now() >= this.deadline) throw new ProtectionTimeLimitError();
    if (performance.now() - this.lastBreath < 20) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.lastBreath = performance.now();
  }

  /**
   * Every unknown's interval. Each solution found on the way is a witness: once solutions give an
   * unknown values at least `enough` apart, its interval is wide enough and it is not solved for
   * any further (its reported interval is then the spread seen, a lower estimate of the true one).
   * `enough` = Infinity asks for every exact interval.
   *
   * With `known`, a solution the facts are known to have (the real figures), the question "can this
   * unknown move `enough` away?" is asked directly: is there a solution with it at least `enough`
   * above the lowest value seen, or below the highest? A feasibility question stops at the first
   * solution, far cheaper than an optimum; only an unknown that cannot move gets its exact interval.
   * `only`: the unknowns to ask about (the others' intervals are what the witnesses showed).
   * `quick`: an unknown no batch moved is asked about only near itself (`neighbourhood`); none found
   * there reports the spread seen (unproven, so the caller treats it as pinned), with no solve of the whole.
   * Throws if the facts are infeasible (a fact that contradicts the data is a bug in whoever stated it).
   */
  async intervals(facts: LinearFacts, enough = Infinity, known?: readonly number[], only?: ReadonlySet<number>, quick = false): Promise<Interval[]> {
    const n = facts.unknowns.length;
    const seenMin = known ? [...known] : new Array<number>(n).fill(Infinity);
    const seenMax = known ? [...known] : new Array<number>(n).fill(-Infinity);
    const exact: (Interval | undefined)[] = new Array(n);
    const witness = (values: number[]) => {
      for (let i = 0; i < n; i++) {
        seenMin[i] = Math.min(seenMin[i], values[i]);
        seenMax[i] = Math.max(seenMax[i], values[i]);
      }
    };
    const wide = (i: number) => seenMax[i] - seenMin[i] >= enough;
    // What the rows imply for each unknown's bounds: an unknown they pin needs no question at all.
    const implied = impliedBounds(facts);
    if (known && Number.isFinite(enough)) {
      // Then batches: one solve pushes every unknown still narrow towards its side with more room
      // (weights varied, so that two in one sum do not cancel out), inside a box around the known
      // solution (so that no push is unbounded). The box holds fewer solutions than the facts, so
      // each one found is a witness of the facts themselves. Stops when a batch moves almost
      // nothing: what is left is asked one by one below.
      const box = Math.max(enough, 1) * 4;
      const boxed: LinearFacts = {
        rows: facts.rows,
        unknowns: facts.unknowns.map((_, i) => ({ lo: Math.max(implied.lo[i], known[i] - box), hi: Math.min(implied.hi[i], known[i] + box) })),
      };
      lpRows.set(boxed, lpBody(facts).rows);
      for (let round = 0; round < 32; round++) {
        const open = facts.unknowns.map((_, i) => i).filter((i) => !wide(i) && implied.lo[i] < implied.hi[i] && (only === undefined || only.has(i)));
        if (open.length < 4) break;
        const objective = open
          .map((i, j) => {
            const up = boxed.unknowns[i].hi - seenMax[i] >= seenMin[i] - boxed.unknowns[i].lo;
            return `${up !== (round % 2 === 1) ? '-' : '+'} ${1 + ((j * 7 + round * 3) % 5)} x${i}`;
          })
          .join(' ');
        await this.breathe();
        const relaxed = this.relaxedOptimum(boxed, objective, 'Minimize', n);
        if (!relaxed.values) break;
        witness(relaxed.values);
        const moved = open.length - open.filter((i) => !wide(i)).length;
        if (moved < Math.max(2, open.length / 20) && round % 2 === 1) break;
      }
    }
    for (let i = 0; i < n; i++) {
      if (wide(i) || (only !== undefined && !only.has(i))) continue;
      if (implied.lo[i] === implied.hi[i]) {
        exact[i] = { min: implied.lo[i], max: implied.hi[i] };
        continue;
      }
      await this.breathe();
      if (known && Number.isFinite(enough)) {
        // Up or down, the side with more room first; a side the bounds already forbid is not asked.
        const [lo, hi] = [implied.lo[i], implied.hi[i]];
        const up: [number, number, number] = [i, seenMin[i] + enough, Infinity];
        const down: [number, number, number] = [i, -Infinity, seenMax[i] - enough];
        const sides = (hi - seenMax[i] >= seenMin[i] - lo ? [up, down] : [down, up]).filter(([, l, h]) => l <= hi && h >= lo);
        if (quick) {
          // Quick: only the neighbourhood may move (everything farther held at the known solution).
          // A move found there is a witness of the whole; none found leaves the unknown unproven.
          const near = neighbourhood(facts, i, known, 2);
          const lift = (values: number[]) => {
            const whole = [...known];
            near.unknowns.forEach((g, u) => (whole[g] = values[u]));
            witness(whole);
          };
          const local = near.unknowns.indexOf(i);
          if (sides.some(([, l, h]) => this.feasible(near.facts, [local, l, h], near.unknowns.length, lift))) continue;
          exact[i] = { min: seenMin[i], max: seenMax[i] };
          continue;
        }
        if (sides.some((side) => this.feasible(facts, side, n, witness))) continue;
        // Asked to tell a pinned unknown from one that moves at all: every witness so far gave it the
        // same value and no side lets it move, so that value is its whole interval — no optimum to ask.
        if (enough === 1 && seenMin[i] === seenMax[i]) {
          exact[i] = { min: seenMin[i], max: seenMax[i] };
          continue;
        }
      }
      const min = this.optimum(facts, `x${i}`, 'Minimize', n, witness);
      if (wide(i)) continue;
      const max = this.optimum(facts, `x${i}`, 'Maximize', n, witness);
      exact[i] = { min, max };
    }
    return Array.from(exact, (e, i) => e ?? { min: seenMin[i], max: seenMax[i] });
  }

  /**
   * The linear relaxation's optimum when it is whole: these facts are sums over a tree and a cube,
   * whose relaxations almost always have whole vertices, and a whole optimum of the relaxation is
   * the whole-number optimum too (every whole solution is one of the relaxation's). Null when the
   * relaxation's optimum is not whole (ask the integer solver) or there is none.
   */
  private relaxedOptimum(facts: LinearFacts, objective: string, sense: 'Minimize' | 'Maximize', n: number): { status: string; values?: number[]; objective?: number } {
    this.solves++;
    const r = this.highs.solve(lpText(facts, objective, sense, undefined, false), { output_flag: false });
    if (r.Status !== 'Optimal') return { status: r.Status };
    const columns = r.Columns as Record<string, { Primal?: number }>;
    const values = Array.from({ length: n }, (_, i) => columns[`x${i}`]?.Primal ?? 0);
    if (!values.every((v) => Math.abs(v - Math.round(v)) < 1e-9)) return { status: 'fractional' };
    return { status: 'Optimal', values: values.map(Math.round), objective: Math.round(r.ObjectiveValue) };
  }

  /** A minimum's solution as a witness; false when the objective is unbounded (no witness). */
  private optimumOrNull(facts: LinearFacts, objective: string, n: number, witness: (values: number[]) => void): boolean {
    const relaxed = this.relaxedOptimum(facts, objective, 'Minimize', n);
    if (relaxed.values) {
      witness(relaxed.values);
      return true;
    }
    if (relaxed.status !== 'fractional') return false;
    this.solves++;
    const r = this.highs.solve(lpText(facts, objective, 'Minimize'), { output_flag: false });
    if (r.Status !== 'Optimal') return false;
    const columns = r.Columns as Record<string, { Primal?: number }>;
    witness(Array.from({ length: n }, (_, i) => Math.round(columns[`x${i}`]?.Primal ?? 0)));
    return true;
  }

  /**
   * Whether the facts with one unknown held to a range have a whole-number solution (then a
   * witness). The linear relaxation first: when even it has no solution, neither do whole numbers,
   * and it is answered several times faster.
   */
  private feasible(facts: LinearFacts, probe: [number, number, number], n: number, witness: (values: number[]) => void): boolean {
    this.solves++;
    const relaxed = this.highs.solve(lpText(facts, '0 x0', 'Minimize', probe, false), { output_flag: false });
    if (relaxed.Status === 'Infeasible') return false;
    if (relaxed.Status === 'Optimal') {
      // A vertex of these sums is often whole already: then it is a witness as it stands.
      const columns = relaxed.Columns as Record<string, { Primal?: number }>;
      const values = Array.from({ length: n }, (_, i) => columns[`x${i}`]?.Primal ?? 0);
      if (values.every((v) => Math.abs(v - Math.round(v)) < 1e-9)) {
        witness(values.map(Math.round));
        return true;
      }
    }
    this.solves++;
    const r = this.highs.solve(lpText(facts, '0 x0', 'Minimize', probe), { output_flag: false });
    if (r.Status === 'Infeasible') return false;
    if (r.Status !== 'Optimal') throw new Error(`the integer audit could not be solved: ${r.Status}`);
    const columns = r.Columns as Record<string, { Primal?: number }>;
    witness(Array.from({ length: n }, (_, i) => Math.round(columns[`x${i}`]?.Primal ?? 0)));
    return true;
  }

  /** The optimum of one objective; an unbounded maximum is Infinity (the facts hold for the real data, so they are feasible). */
  private optimum(facts: LinearFacts, objective: string, sense: 'Minimize' | 'Maximize', n: number, witness: (values: number[]) => void): number {
    const relaxed = this.relaxedOptimum(facts, objective, sense, n);
    if (relaxed.values && relaxed.objective !== undefined) {
      witness(relaxed.values);
      return relaxed.objective;
    }
    // The relaxation unbounded: so are whole numbers, since the facts have a whole solution and the cone's directions are rational.
    if (sense === 'Maximize' && (relaxed.status === 'Unbounded' || relaxed.status === 'Primal infeasible or unbounded')) return Infinity;
    this.solves++;
    // Gaps at zero: the optimum proven, not approximately found.
    const r = this.highs.solve(lpText(facts, objective, sense), { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0 });
    if (sense === 'Maximize' && (r.Status === 'Unbounded' || r.Status === 'Primal infeasible or unbounded')) return Infinity;
    if (r.Status !== 'Optimal') throw new Error(`the integer audit could not be solved: ${r.Status}`);
    const columns = r.Columns as Record<string, { Primal?: number }>;
    witness(Array.from({ length: n }, (_, i) => Math.round(columns[`x${i}`]?.Primal ?? 0)));
    return Math.round(r.ObjectiveValue);
  }
}

/** Each unknown's rows, built once per facts object. */
const rowsByUnknown = new WeakMap<LinearFacts, number[][]>();

/**
 * The facts restricted to the unknowns within `radius` rows of unknown `i`, every other unknown held
 * at its value in `known`: fewer solutions than the facts, so each is (lifted back) a solution of them.
 */
function neighbourhood(facts: LinearFacts, i: number, known: readonly number[], radius: number): { facts: LinearFacts; unknowns: number[] } {
  let byUnknown = rowsByUnknown.get(facts);
  if (!byUnknown) {
    const index: number[][] = facts.unknowns.map(() => []);
    facts.rows.forEach((row, k) => {
      for (const [u] of row.terms) if (index[u].at(-1) !== k) index[u].push(k);
    });
    rowsByUnknown.set(facts, index);
    byUnknown = index;
  }
  const local = new Map<number, number>([[i, 0]]);
  let frontier = [i];
  const rows = new Set<number>();
  for (let hop = 0; hop < radius; hop++) {
    const next: number[] = [];
    for (const u of frontier)
      for (const k of byUnknown[u]) {
        if (rows.has(k)) continue;
        rows.add(k);
        for (const [v] of facts.rows[k].terms) {
          if (local.has(v)) continue;
          local.set(v, local.size);
          next.push(v);
        }
      }
    frontier = next;
  }
  // Every row of an unknown in the neighbourhood holds (terms outside it at their known values).
  for (const u of frontier) for (const k of byUnknown[u]) rows.add(k);
  const unknowns = [...local.keys()];
  return {
    unknowns,
    facts: {
      unknowns: unknowns.map((u) => facts.unknowns[u]),
      rows: [...rows].map((k) => {
        const row = facts.rows[k];
        let held = 0;
        const terms: [number, number][] = [];
        for (const [u, c] of row.terms) {
          const at = local.get(u);
          if (at === undefined) held += c * known[u];
          else terms.push([at, c]);
        }
        return { terms, lo: row.lo - held, hi: row.hi - held };
      }),
    },
  };
}

/**
 * Bounds the rows imply for each unknown, by interval propagation (each row bounds each of its
 * unknowns by the others' bounds, repeated until nothing tightens): every inference is valid, so an
 * unknown whose implied bounds meet is pinned — found without a solver. Bounds that do not meet
 * prove nothing about movement (only a solution does).
 */
export function impliedBounds(facts: LinearFacts): { lo: number[]; hi: number[] } {
  const lo = facts.unknowns.map((b) => b.lo);
  const hi = facts.unknowns.map((b) => b.hi);
  const rows = facts.rows.map((row) => {
    const coef = new Map<number, number>();
    for (const [i, c] of row.terms) coef.set(i, (coef.get(i) ?? 0) + c);
    return { terms: [...coef].filter(([, c]) => c !== 0), lo: row.lo, hi: row.hi };
  });
  const byUnknown: number[][] = lo.map(() => []);
  rows.forEach((row, k) => {
    for (const [i] of row.terms) byUnknown[i].push(k);
  });
  const least = (i: number, c: number) => (c > 0 ? c * lo[i] : c * hi[i]);
  const most = (i: number, c: number) => (c > 0 ? c * hi[i] : c * lo[i]);
  const queue = rows.map((_, k) => k);
  const queued = new Uint8Array(rows.length).fill(1);
  // A queue of rows to look at again (read from `head`; bounded, since whole bounds only tighten).
  for (let head = 0; head < queue.length && head < 50 * rows.length + 1000; head++) {
    const k = queue[head];
    queued[k] = 0;
    const row = rows[k];
    // The row's least and most, counting unbounded terms apart (so that one can be left out).
    let minSum = 0;
    let maxSum = 0;
    let minInf = 0;
    let maxInf = 0;
    for (const [i, c] of row.terms) {
      const a = least(i, c);
      const b = most(i, c);
      if (a === -Infinity) minInf++;
      else minSum += a;
      if (b === Infinity) maxInf++;
      else maxSum += b;
    }
    for (const [i, c] of row.terms) {
      const a = least(i, c);
      const b = most(i, c);
      const minOthers = a === -Infinity ? (minInf > 1 ? -Infinity : minSum) : minInf > 0 ? -Infinity : minSum - a;
      const maxOthers = b === Infinity ? (maxInf > 1 ? Infinity : maxSum) : maxInf > 0 ? Infinity : maxSum - b;
      // row.lo − maxOthers ≤ c·x ≤ row.hi − minOthers
      const low = row.lo - maxOthers;
      const high = row.hi - minOthers;
      const [from, to] = c > 0 ? [low / c, high / c] : [high / c, low / c];
      const newLo = Math.ceil(from - 1e-9);
      const newHi = Math.floor(to + 1e-9);
      let tightened = false;
      if (newLo > lo[i]) {
        lo[i] = newLo;
        tightened = true;
      }
      if (newHi < hi[i]) {
        hi[i] = newHi;
        tightened = true;
      }
      if (lo[i] > hi[i]) throw new Error('the facts cannot hold: an unknown has no whole value left');
      if (!tightened) continue;
      for (const other of byUnknown[i]) {
        if (other === k || queued[other]) continue;
        queued[other] = 1;
        queue.push(other);
      }
    }
  }
  return { lo, hi };
}

/** The facts' rows and bounds as CPLEX LP text, built once per facts object (a block is asked many questions). */
const bodies = new WeakMap<LinearFacts, { rows: string; bounds: string; generals: string }>();

/** Rows already written for facts with the same rows (a box around a solution changes only the bounds). */
const lpRows = new WeakMap<LinearFacts, string>();

function lpBody(facts: LinearFacts): { rows: string; bounds: string; generals: string } {
  const cached = bodies.get(facts);
  if (cached) return cached;
  const body = {
    rows: lpRows.get(facts) ?? lpRowText(facts),
    bounds: facts.unknowns.map((b, i) => (Number.isFinite(b.hi) ? ` ${b.lo} <= x${i} <= ${b.hi}` : ` x${i} >= ${b.lo}`)).join('\n'),
    generals: ' ' + facts.unknowns.map((_, i) => `x${i}`).join(' '),
  };
  bodies.set(facts, body);
  return body;
}

function lpRowText(facts: LinearFacts): string {
  const lines: string[] = [];
  facts.rows.forEach((row, k) => {
    const coef = new Map<number, number>();
    for (const [i, c] of row.terms) coef.set(i, (coef.get(i) ?? 0) + c);
    const terms = [...coef].filter(([, c]) => c !== 0);
    if (terms.length === 0) {
      if (row.lo > 0 || row.hi < 0) throw new Error(`fact ${k} cannot hold: 0 is outside ${row.lo}..${row.hi}`);
      return;
    }
    const expr = terms.map(([i, c], j) => `${c < 0 ? '-' : j === 0 ? '' : '+'} ${Math.abs(c)} x${i}`).join(' ');
    if (row.lo === row.hi) lines.push(` r${k}: ${expr} = ${row.lo}`);
    else {
      if (Number.isFinite(row.lo)) lines.push(` r${k}l: ${expr} >= ${row.lo}`);
      if (Number.isFinite(row.hi)) lines.push(` r${k}h: ${expr} <= ${row.hi}`);
    }
  });
  return lines.join('\n');
}

/** The facts as CPLEX LP text (the format HiGHS' one-shot solve reads), unknowns named x0, x1, … */
function lpText(facts: LinearFacts, objective: string, sense: 'Minimize' | 'Maximize', extra?: [number, number, number], integer = true): string {
  const body = lpBody(facts);
  const lines = [sense, ` obj: ${objective}`, 'Subject To'];
  if (extra) {
    const [i, lo, hi] = extra;
    if (Number.isFinite(lo)) lines.push(` probe: x${i} >= ${lo}`);
    if (Number.isFinite(hi)) lines.push(` probe: x${i} <= ${hi}`);
  }
  if (body.rows) lines.push(body.rows);
  lines.push('Bounds', body.bounds);
  if (integer) lines.push('Generals', body.generals);
  lines.push('End');
  return lines.join('\n');
}
