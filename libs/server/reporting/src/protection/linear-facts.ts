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

  private lastBreath = performance.now();

  /** Set when the process is stopping: an audit under way then gives up at its next breath (its job is taken up again later). */
  stopping = false;

  /**
   * Lets the process's other work run between solves: an audit is thousands of synchronous solves,
   * and in the worker the same event loop relays the outbox and renews BullMQ's job locks.
   */
  private async breathe(): Promise<void> {
    if (this.stopping) throw new Error('The protection audit was stopped: the process is shutting down.');
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
   * Throws if the facts are infeasible (a fact that contradicts the data is a bug in whoever stated it).
   */
  async intervals(facts: LinearFacts, enough = Infinity, known?: readonly number[], only?: ReadonlySet<number>): Promise<Interval[]> {
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
    if (known && Number.isFinite(enough) && n > 8) {
      // A few far-apart solutions first (the least and the most of everything, then of alternating
      // halves): each moves many unknowns at once, so most need no question of their own.
      const all = (sign: (i: number) => number) => facts.unknowns.map((_, i) => `${sign(i) < 0 ? '-' : '+'} x${i}`).join(' ');
      for (const sign of [() => 1, () => -1, (i: number) => (i % 2 === 0 ? 1 : -1), (i: number) => (i % 2 === 0 ? -1 : 1)]) {
        await this.breathe();
        const bounded = this.optimumOrNull(facts, all(sign), n, witness);
        if (!bounded) break;
      }
    }
    for (let i = 0; i < n; i++) {
      if (wide(i) || (only !== undefined && !only.has(i))) continue;
      await this.breathe();
      if (known && Number.isFinite(enough)) {
        // Up or down, the side with more room first; a side the bounds already forbid is not asked.
        const { lo, hi } = facts.unknowns[i];
        const up: [number, number, number] = [i, seenMin[i] + enough, Infinity];
        const down: [number, number, number] = [i, -Infinity, seenMax[i] - enough];
        const sides = (hi - seenMax[i] >= seenMin[i] - lo ? [up, down] : [down, up]).filter(([, l, h]) => l <= hi && h >= lo);
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

/** The facts' rows and bounds as CPLEX LP text, built once per facts object (a block is asked many questions). */
const bodies = new WeakMap<LinearFacts, { rows: string; bounds: string; generals: string }>();

function lpBody(facts: LinearFacts): { rows: string; bounds: string; generals: string } {
  const cached = bodies.get(facts);
  if (cached) return cached;
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
  const body = {
    rows: lines.join('\n'),
    bounds: facts.unknowns.map((b, i) => (Number.isFinite(b.hi) ? ` ${b.lo} <= x${i} <= ${b.hi}` : ` x${i} >= ${b.lo}`)).join('\n'),
    generals: ' ' + facts.unknowns.map((_, i) => `x${i}`).join(' '),
  };
  bodies.set(facts, body);
  return body;
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
