import loadHighs, { type Highs, type Model } from 'highs';

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
 * process (compiling the binary takes ~50 ms). The facts of one question are one persistent native
 * model (`FactsModel`): each solve changes only an objective or a bound, and the simplex starts
 * from the last basis.
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
    const model = new FactsModel(this.highs, facts);
    try {
      return await this.intervalsOf(model, facts, enough, known, only, quick);
    } finally {
      model.dispose();
    }
  }

  private async intervalsOf(model: FactsModel, facts: LinearFacts, enough: number, known: readonly number[] | undefined, only: ReadonlySet<number> | undefined, quick: boolean): Promise<Interval[]> {
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
      const boxed = facts.unknowns.map((_, i) => ({ lo: Math.max(implied.lo[i], known[i] - box), hi: Math.min(implied.hi[i], known[i] + box) }));
      model.setBounds(boxed);
      for (let round = 0; round < 32; round++) {
        const open = facts.unknowns.map((_, i) => i).filter((i) => !wide(i) && implied.lo[i] < implied.hi[i] && (only === undefined || only.has(i)));
        if (open.length < 4) break;
        const objective = open.map((i, j): [number, number] => {
          const up = boxed[i].hi - seenMax[i] >= seenMin[i] - boxed[i].lo;
          const weight = 1 + ((j * 7 + round * 3) % 5);
          return [i, up !== (round % 2 === 1) ? -weight : weight];
        });
        await this.breathe();
        const relaxed = this.relaxedOptimum(model, objective, 'Minimize');
        if (!relaxed.values) break;
        witness(relaxed.values);
        const moved = open.length - open.filter((i) => !wide(i)).length;
        if (moved < Math.max(2, open.length / 20) && round % 2 === 1) break;
      }
      model.setBounds(facts.unknowns);
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
          const nearModel = new FactsModel(this.highs, near.facts);
          try {
            if (sides.some(([, l, h]) => this.feasible(nearModel, [local, l, h], lift))) continue;
          } finally {
            nearModel.dispose();
          }
          exact[i] = { min: seenMin[i], max: seenMax[i] };
          continue;
        }
        if (sides.some((side) => this.feasible(model, side, witness))) continue;
        // Asked to tell a pinned unknown from one that moves at all: every witness so far gave it the
        // same value and no side lets it move, so that value is its whole interval — no optimum to ask.
        if (enough === 1 && seenMin[i] === seenMax[i]) {
          exact[i] = { min: seenMin[i], max: seenMax[i] };
          continue;
        }
      }
      const min = this.optimum(model, [[i, 1]], 'Minimize', witness);
      if (wide(i)) continue;
      const max = this.optimum(model, [[i, 1]], 'Maximize', witness);
      exact[i] = { min, max };
    }
    return Array.from(exact, (e, i) => e ?? { min: seenMin[i], max: seenMax[i] });
  }

  /**
   * One solve, counted, within the deadline: HiGHS stops at it (one solve of a big block's whole
   * numbers can take minutes), and the audit then throws `ProtectionTimeLimitError`.
   */
  private solve(model: FactsModel, objective: Objective, sense: Sense, integer: boolean, probe?: [number, number, number]): { status: SolveStatus; values?: number[]; objective?: number } {
    this.solves++;
    const r = model.solve(objective, sense, integer, probe, this.deadline);
    if (r.status === 'Time limit') throw new ProtectionTimeLimitError();
    return r;
  }

  /**
   * The linear relaxation's optimum when it is whole: these facts are sums over a tree and a cube,
   * whose relaxations almost always have whole vertices, and a whole optimum of the relaxation is
   * the whole-number optimum too (every whole solution is one of the relaxation's). Null when the
   * relaxation's optimum is not whole (ask the integer solver) or there is none.
   */
  private relaxedOptimum(model: FactsModel, objective: Objective, sense: Sense): { status: SolveStatus | 'fractional'; values?: number[]; objective?: number } {
    const r = this.solve(model, objective, sense, false);
    if (r.status !== 'Optimal' || !r.values) return { status: r.status };
    if (!isWhole(r.values)) return { status: 'fractional' };
    return { status: 'Optimal', values: r.values.map(Math.round), objective: Math.round(r.objective ?? 0) };
  }

  /**
   * Whether the facts with one unknown held to a range have a whole-number solution (then a
   * witness). The linear relaxation first: when even it has no solution, neither do whole numbers,
   * and it is answered several times faster.
   */
  private feasible(model: FactsModel, probe: [number, number, number], witness: (values: number[]) => void): boolean {
    const relaxed = this.solve(model, NO_OBJECTIVE, 'Minimize', false, probe);
    if (relaxed.status === 'Infeasible') return false;
    // A vertex of these sums is often whole already: then it is a witness as it stands.
    if (relaxed.status === 'Optimal' && relaxed.values && isWhole(relaxed.values)) {
      witness(relaxed.values.map(Math.round));
      return true;
    }
    const r = this.solve(model, NO_OBJECTIVE, 'Minimize', true, probe);
    if (r.status === 'Infeasible') return false;
    if (r.status !== 'Optimal' || !r.values) throw new Error(`the integer audit could not be solved: ${r.status}`);
    witness(r.values.map(Math.round));
    return true;
  }

  /** The optimum of one objective; an unbounded maximum is Infinity (the facts hold for the real data, so they are feasible). */
  private optimum(model: FactsModel, objective: Objective, sense: Sense, witness: (values: number[]) => void): number {
    const relaxed = this.relaxedOptimum(model, objective, sense);
    if (relaxed.values && relaxed.objective !== undefined) {
      witness(relaxed.values);
      return relaxed.objective;
    }
    // The relaxation unbounded: so are whole numbers, since the facts have a whole solution and the cone's directions are rational.
    if (sense === 'Maximize' && (relaxed.status === 'Unbounded' || relaxed.status === 'Unbounded or infeasible')) return Infinity;
    // Gaps at zero (FactsModel's options): the optimum proven, not approximately found.
    const r = this.solve(model, objective, sense, true);
    if (sense === 'Maximize' && (r.status === 'Unbounded' || r.status === 'Unbounded or infeasible')) return Infinity;
    if (r.status !== 'Optimal' || !r.values) throw new Error(`the integer audit could not be solved: ${r.status}`);
    witness(r.values.map(Math.round));
    return Math.round(r.objective ?? 0);
  }
}

type Sense = 'Minimize' | 'Maximize';

/** A linear objective: [unknown, coefficient] (unknowns not named cost nothing). */
type Objective = readonly [number, number][];

const NO_OBJECTIVE: Objective = [];

type SolveStatus = 'Optimal' | 'Infeasible' | 'Unbounded' | 'Unbounded or infeasible' | 'Time limit' | `status ${number}`;

/** Whether a solution is in whole numbers (to within the solver's rounding). */
const isWhole = (values: readonly number[]) => values.every((v) => Math.abs(v - Math.round(v)) < 1e-9);

/**
 * One LinearFacts as a persistent HiGHS model: its rows (a sparse matrix, rows by row) and its
 * unknowns' bounds are passed once, and each question changes only the objective, the whole-number
 * requirement or a bound, so the simplex starts from the basis of the question before. (Written
 * out as LP text and parsed again for every solve, as before, the text alone cost a block's audit
 * about a quarter of its time.) Native memory: `dispose()` when done.
 */
class FactsModel {
  private readonly model: Model;
  private readonly n: number;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly cost: Float64Array;
  private costed: number[] = [];
  private sense: Sense = 'Minimize';
  private integer = false;

  constructor(
    private readonly highs: Highs,
    facts: LinearFacts,
  ) {
    const n = facts.unknowns.length;
    this.n = n;
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const rowLower: number[] = [];
    const rowUpper: number[] = [];
    facts.rows.forEach((row, k) => {
      // The row's terms by unknown, repeated ones added up and zeros left out (HiGHS refuses a repeated index).
      const merged: [number, number][] = [];
      for (const [i, c] of [...row.terms].sort((a, b) => a[0] - b[0])) {
        const last = merged.at(-1);
        if (last && last[0] === i) last[1] += c;
        else merged.push([i, c]);
      }
      const terms = merged.filter(([, c]) => c !== 0);
      if (terms.length === 0) {
        if (row.lo > 0 || row.hi < 0) throw new Error(`fact ${k} cannot hold: 0 is outside ${row.lo}..${row.hi}`);
        return;
      }
      for (const [i, c] of terms) {
        indices.push(i);
        values.push(c);
      }
      starts.push(indices.length);
      rowLower.push(this.bound(row.lo));
      rowUpper.push(this.bound(row.hi));
    });
    this.lower = Float64Array.from(facts.unknowns, (u) => this.bound(u.lo));
    this.upper = Float64Array.from(facts.unknowns, (u) => this.bound(u.hi));
    this.cost = new Float64Array(n);
    const numRows = rowLower.length;
    this.model = highs.createModel({
      numCols: n,
      numRows,
      colCost: this.cost,
      colLower: this.lower,
      colUpper: this.upper,
      rowLower,
      rowUpper,
      matrix: { format: 'csr', numRows, numCols: n, starts, indices, values },
    });
    this.model.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0 });
  }

  /** A bound as HiGHS writes it: its own infinity for ours. */
  private bound(x: number): number {
    return x === Infinity ? this.highs.infinity : x === -Infinity ? -this.highs.infinity : x;
  }

  /** HiGHS' model status (`highs.constants.modelStatus`) as the audit tells them apart. */
  private statusOf(code: number): SolveStatus {
    const status = this.highs.constants.modelStatus;
    if (code === status.optimal) return 'Optimal';
    if (code === status.infeasible) return 'Infeasible';
    if (code === status.unbounded) return 'Unbounded';
    if (code === status.unboundedOrInfeasible) return 'Unbounded or infeasible';
    if (code === status.timeLimit) return 'Time limit';
    return `status ${code}`;
  }

  /** Every unknown's bounds (`hi` may be Infinity). */
  setBounds(bounds: readonly { lo: number; hi: number }[]): void {
    if (this.n === 0) return;
    bounds.forEach((b, i) => {
      this.lower[i] = this.bound(b.lo);
      this.upper[i] = this.bound(b.hi);
    });
    this.model.changeColsBounds({ kind: 'range', from: 0, to: this.n - 1 }, this.lower, this.upper);
  }

  /**
   * Solves for `objective` (whole numbers if `integer`), with unknown `probe[0]` held to
   * `probe[1]..probe[2]` for this solve only (a range its bounds forbid is infeasible without a solve),
   * stopping at `deadline` (ms since the epoch; status 'Time limit').
   */
  solve(objective: Objective, sense: Sense, integer: boolean, probe?: [number, number, number], deadline = Infinity): { status: SolveStatus; values?: number[]; objective?: number } {
    if (this.n === 0) return { status: 'Optimal', values: [], objective: 0 };
    if (Number.isFinite(deadline)) {
      const left = (deadline - Date.now()) / 1000;
      if (left <= 0) return { status: 'Time limit' };
      this.model.options.set('time_limit', left);
    }
    for (const i of this.costed) this.cost[i] = 0;
    this.costed = [];
    for (const [i, c] of objective) {
      this.cost[i] += c;
      this.costed.push(i);
    }
    this.model.changeColsCost({ kind: 'range', from: 0, to: this.n - 1 }, this.cost);
    if (sense !== this.sense) {
      this.model.changeObjectiveSense(sense === 'Minimize' ? this.highs.constants.objectiveSense.minimize : this.highs.constants.objectiveSense.maximize);
      this.sense = sense;
    }
    if (integer !== this.integer) {
      if (integer) this.model.changeColsIntegrality({ kind: 'range', from: 0, to: this.n - 1 }, new Int32Array(this.n).fill(this.highs.constants.variableType.integer));
      else this.model.clearIntegrality();
      this.integer = integer;
    }
    if (probe) {
      const [i, lo, hi] = probe;
      const from = Math.max(this.lower[i], lo);
      const to = Math.min(this.upper[i], hi);
      if (from > to) return { status: 'Infeasible' };
      this.model.changeColBounds(i, from, to);
    }
    try {
      const status = this.statusOf(this.model.run().modelStatus);
      if (status !== 'Optimal') return { status };
      return { status, values: Array.from(this.model.getSolution().colValue), objective: this.model.getObjectiveValue() };
    } finally {
      if (probe) this.model.changeColBounds(probe[0], this.lower[probe[0]], this.upper[probe[0]]);
    }
  }

  dispose(): void {
    this.model.dispose();
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
