import { OtError } from '../errors';

/**
 * Primal network simplex for the uncapacitated transportation problem
 *   min sum_ij cost[i*n1 + j] * x_ij  subject to  sum_j x_ij = supply[i], sum_i x_ij = demand[j], x >= 0,
 * on the complete bipartite graph plus one artificial root. Arcs i -> j are numbered
 * e = i*n1 + j; sources are nodes 0..n0-1, sinks n0..n0+n1-1, the root n0+n1.
 *
 * The basis is a spanning tree kept as parent pointers plus a preorder thread (with its
 * reverse), subtree sizes and the last preorder node of every subtree, so one pivot costs time
 * proportional to the cycle and the re-hung subtree, not to the graph. Flows live on tree
 * nodes (the flow of the arc joining a node to its parent): every other arc carries nothing.
 * The entering arc is chosen by block search; the leaving arc by the rule that keeps the tree
 * strongly feasible, so degenerate pivots cannot cycle.
 */

/** Reduced costs above -REDUCED_COST_EPSILON * scale are treated as zero (round-off). */
const REDUCED_COST_EPSILON = 2.5e-15;
/**
 * Arcs per pricing block, times sqrt(arc count). Blocks twice the classic size measured faster
 * here: scanning an arc is cheap next to a pivot's tree update.
 */
const BLOCK_SIZE_FACTOR = 2;
const MIN_BLOCK_SIZE = 10;

export interface NetworkSimplexOptions {
  /** Stop with an error after this many pivots (default: no limit). */
  maxPivots?: number;
}

export interface NetworkSimplexResult {
  plan: Float64Array;
  cost: number;
  pivots: number;
}

export function networkSimplex(
  supply: Float64Array,
  demand: Float64Array,
  cost: Float64Array,
  options: NetworkSimplexOptions = {},
): NetworkSimplexResult {
  const simplex = new TransportationSimplex(supply, demand, cost);
  const pivots = simplex.run(options.maxPivots ?? Number.POSITIVE_INFINITY);
  const { plan, total } = simplex.extractPlan();
  return { plan, cost: total, pivots };
}

class TransportationSimplex {
  private readonly n0: number;
  private readonly n1: number;
  private readonly arcCount: number;
  private readonly root: number;
  private readonly blockSize: number;
  private readonly artificialCost: number;

  // Spanning tree, indexed by node.
  private readonly parent: Int32Array;
  private readonly pred: Int32Array;
  /** 1 when the arc to the parent points up (node is its source), else 0. */
  private readonly predUp: Uint8Array;
  private readonly thread: Int32Array;
  private readonly revThread: Int32Array;
  private readonly succNum: Int32Array;
  private readonly lastSucc: Int32Array;
  private readonly flow: Float64Array;
  private readonly pi: Float64Array;
  /** View of `pi` from the first sink on. */
  private readonly sinkPi: Float64Array;

  // Scratch for the stem of a pivot, reused across pivots.
  private readonly stem: Int32Array;
  private readonly stemPred: Int32Array;
  private readonly stemUp: Uint8Array;
  private readonly stemFlow: Float64Array;
  private readonly stemSucc: Int32Array;
  private readonly stemLast: Int32Array;
  private readonly stemRev: Int32Array;
  /** The node that followed each stem node's subtree in the old thread. */
  private readonly stemNext: Int32Array;

  private nextArc = 0;

  constructor(
    supply: Float64Array,
    demand: Float64Array,
    private readonly cost: Float64Array,
  ) {
    const n0 = supply.length;
    const n1 = demand.length;
    this.n0 = n0;
    this.n1 = n1;
    this.arcCount = n0 * n1;
    const nodes = n0 + n1 + 1;
    this.root = n0 + n1;
    this.blockSize = Math.max(Math.floor(BLOCK_SIZE_FACTOR * Math.sqrt(this.arcCount)), MIN_BLOCK_SIZE);
    let maxCost = 0;
    for (let e = 0; e < cost.length; e++) if (cost[e] > maxCost) maxCost = cost[e];
    // Every source reaches every sink directly, so any flow routed through the root costs
    // more than the direct arc once the artificial cost exceeds the largest real cost.
    this.artificialCost = 2 * maxCost + 1;

    this.parent = new Int32Array(nodes);
    this.pred = new Int32Array(nodes);
    this.predUp = new Uint8Array(nodes);
    this.thread = new Int32Array(nodes);
    this.revThread = new Int32Array(nodes);
    this.succNum = new Int32Array(nodes);
    this.lastSucc = new Int32Array(nodes);
    this.flow = new Float64Array(nodes);
    this.pi = new Float64Array(nodes);
    this.sinkPi = this.pi.subarray(n0);
    this.stem = new Int32Array(nodes);
    this.stemPred = new Int32Array(nodes);
    this.stemUp = new Uint8Array(nodes);
    this.stemFlow = new Float64Array(nodes);
    this.stemSucc = new Int32Array(nodes);
    this.stemLast = new Int32Array(nodes);
    this.stemRev = new Int32Array(nodes);
    this.stemNext = new Int32Array(nodes);
    this.initTree(supply, demand);
  }

  /** Star tree: every source ships its supply to the root, the root feeds every sink. */
  private initTree(supply: Float64Array, demand: Float64Array): void {
    const { n0, root } = this;
    const realNodes = root;
    for (let u = 0; u < realNodes; u++) {
      this.parent[u] = root;
      this.pred[u] = this.arcCount + u;
      this.thread[u] = u + 1;
      this.revThread[u + 1] = u;
      this.succNum[u] = 1;
      this.lastSucc[u] = u;
      if (u < n0) {
        this.predUp[u] = 1;
        this.flow[u] = supply[u];
        this.pi[u] = 0;
      } else {
        this.predUp[u] = 0;
        this.flow[u] = demand[u - n0];
        this.pi[u] = this.artificialCost;
      }
    }
    this.parent[root] = -1;
    this.pred[root] = -1;
    this.thread[realNodes - 1] = root;
    this.thread[root] = 0;
    this.revThread[0] = root;
    this.succNum[root] = realNodes + 1;
    this.lastSucc[root] = realNodes - 1;
    this.pi[root] = 0;
  }

  run(maxPivots: number): number {
    let pivots = 0;
    for (;;) {
      const entering = this.findEnteringArc();
      if (entering < 0) return pivots;
      if (pivots >= maxPivots) {
        throw new OtError(
          'OT_SOLVER_FAILED',
          `network simplex: no optimum after ${pivots} pivots (maxPivots ${maxPivots}) on a ${this.n0}x${this.n1} problem`,
        );
      }
      this.pivot(entering);
      pivots++;
    }
  }

  /**
   * Block search: scan arcs cyclically from where the last search stopped, in blocks of
   * `blockSize`; return the most negative reduced cost of the first block that has one, or
   * -1 when a full cycle finds none (optimal).
   */
  private findEnteringArc(): number {
    const { cost, pi, sinkPi, n0, n1, arcCount } = this;
    let i = (this.nextArc / n1) | 0;
    let j = this.nextArc - i * n1;
    let best = -1;
    let min = 0;
    let budget = this.blockSize;
    let scanned = 0;
    while (scanned < arcCount) {
      const rowStart = i * n1;
      const stop = Math.min(n1, j + budget);
      // reduced = cost + pi_i - pi_j < min  <=>  cost - pi_j < min - pi_i
      const rowPotential = pi[i];
      let bound = min - rowPotential;
      let bestColumn = -1;
      let jj = j;
      // Eight arcs per step with one combined test: improvements are rare, so the common
      // path is loads, subtractions and a single well-predicted branch.
      for (; jj + 8 <= stop; jj += 8) {
        const e = rowStart + jj;
        if (
          cost[e] - sinkPi[jj] < bound ||
          cost[e + 1] - sinkPi[jj + 1] < bound ||
          cost[e + 2] - sinkPi[jj + 2] < bound ||
          cost[e + 3] - sinkPi[jj + 3] < bound ||
          cost[e + 4] - sinkPi[jj + 4] < bound ||
          cost[e + 5] - sinkPi[jj + 5] < bound ||
          cost[e + 6] - sinkPi[jj + 6] < bound ||
          cost[e + 7] - sinkPi[jj + 7] < bound
        ) {
          for (let t = jj; t < jj + 8; t++) {
            const shifted = cost[rowStart + t] - sinkPi[t];
            if (shifted < bound) {
              bound = shifted;
              bestColumn = t;
            }
          }
        }
      }
      for (; jj < stop; jj++) {
        const shifted = cost[rowStart + jj] - sinkPi[jj];
        if (shifted < bound) {
          bound = shifted;
          bestColumn = jj;
        }
      }
      if (bestColumn >= 0) {
        min = bound + rowPotential;
        best = rowStart + bestColumn;
      }
      scanned += stop - j;
      budget -= stop - j;
      if (stop === n1) {
        j = 0;
        i = i + 1 === n0 ? 0 : i + 1;
      } else {
        j = stop;
      }
      if (budget === 0 || scanned >= arcCount) {
        if (best >= 0 && this.isImproving(best, min)) {
          this.nextArc = i * n1 + j;
          return best;
        }
        budget = this.blockSize;
      }
    }
    return -1;
  }

  /** A reduced cost counts as negative only beyond round-off relative to the numbers involved. */
  private isImproving(arc: number, reduced: number): boolean {
    const source = (arc / this.n1) | 0;
    const target = this.n0 + arc - source * this.n1;
    const scale = Math.max(Math.abs(this.cost[arc]), Math.abs(this.pi[source]), Math.abs(this.pi[target]));
    return reduced < -REDUCED_COST_EPSILON * scale;
  }

  private pivot(entering: number): void {
    const { parent, succNum, predUp, flow } = this;
    const source = (entering / this.n1) | 0;
    const target = this.n0 + entering - source * this.n1;

    let a = source;
    let b = target;
    while (a !== b) {
      if (succNum[a] < succNum[b]) a = parent[a];
      else b = parent[b];
    }
    const join = a;

    // Flow goes source -> target on the entering arc, up from target to the join and down
    // from the join to source. Blocking arcs are those the cycle traverses backwards; ties go
    // to the last one met from the join in cycle order, which keeps the tree strongly feasible.
    let delta = Number.POSITIVE_INFINITY;
    let leaving = -1;
    let leavingOnSourceSide = true;
    for (let u = source; u !== join; u = parent[u]) {
      if (predUp[u] === 1 && flow[u] < delta) {
        delta = flow[u];
        leaving = u;
      }
    }
    for (let u = target; u !== join; u = parent[u]) {
      if (predUp[u] === 0 && flow[u] <= delta) {
        delta = flow[u];
        leaving = u;
        leavingOnSourceSide = false;
      }
    }
    if (leaving < 0) {
      throw new OtError('OT_SOLVER_FAILED', `network simplex: unbounded cycle through arc ${entering}`);
    }

    if (delta > 0) {
      for (let u = source; u !== join; u = parent[u]) flow[u] += predUp[u] === 1 ? -delta : delta;
      for (let u = target; u !== join; u = parent[u]) flow[u] += predUp[u] === 1 ? delta : -delta;
    }

    const uIn = leavingOnSourceSide ? source : target;
    const vIn = leavingOnSourceSide ? target : source;
    this.rehang(entering, uIn, vIn, leaving, join, delta, source === uIn);
  }

  /**
   * Removes the subtree S hanging from `leaving` and hangs it again from `vIn` through the
   * entering arc, rooted at `uIn`. The stem uIn = w0, w1, ..., wk = leaving reverses its parent
   * pointers; in preorder S becomes: subtree(w0), then for each i >= 1 the part of subtree(wi)
   * that is not subtree(w(i-1)), which is at most two contiguous runs of the old thread.
   */
  private rehang(
    entering: number,
    uIn: number,
    vIn: number,
    leaving: number,
    join: number,
    enteringFlow: number,
    uInIsSource: boolean,
  ): void {
    const { parent, pred, predUp, thread, revThread, succNum, lastSucc, flow, pi } = this;
    const { stem, stemPred, stemUp, stemFlow, stemSucc, stemLast, stemRev, stemNext } = this;

    // Save the stem's old links before anything changes.
    let k = 0;
    for (let u = uIn; ; u = parent[u]) {
      stem[k] = u;
      stemPred[k] = pred[u];
      stemUp[k] = predUp[u];
      stemFlow[k] = flow[u];
      stemSucc[k] = succNum[u];
      stemLast[k] = lastSucc[u];
      stemRev[k] = revThread[u];
      stemNext[k] = thread[lastSucc[u]];
      if (u === leaving) break;
      k++;
    }
    const size = succNum[leaving];
    const oldParent = parent[leaving];
    const lastOfS = lastSucc[leaving];
    const before = revThread[leaving];
    const after = thread[lastOfS];

    // Cut S out of the thread; ancestors whose subtree ended with S now end just before it.
    thread[before] = after;
    revThread[after] = before;
    for (let u = oldParent; u !== -1 && lastSucc[u] === lastOfS; u = parent[u]) lastSucc[u] = before;
    for (let u = oldParent; u !== join; u = parent[u]) succNum[u] -= size;

    // Relink S in its new preorder.
    let tail = stemLast[0];
    for (let i = 1; i <= k; i++) {
      thread[tail] = stem[i];
      revThread[stem[i]] = tail;
      tail = stemRev[i - 1];
      if (stemLast[i] !== stemLast[i - 1]) {
        thread[tail] = stemNext[i - 1];
        revThread[stemNext[i - 1]] = tail;
        tail = stemLast[i];
      }
    }
    const newLast = tail;

    // Insert S right after vIn, as its first child.
    const vNext = thread[vIn];
    thread[vIn] = uIn;
    revThread[uIn] = vIn;
    thread[newLast] = vNext;
    revThread[vNext] = newLast;
    if (lastSucc[vIn] === vIn) {
      for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]) lastSucc[u] = newLast;
    }
    for (let u = vIn; u !== join; u = parent[u]) succNum[u] += size;

    // Reverse the stem.
    let below = 0;
    for (let i = k; i >= 0; i--) {
      below = stemSucc[i] - (i > 0 ? stemSucc[i - 1] : 0) + below;
      const u = stem[i];
      succNum[u] = below;
      lastSucc[u] = newLast;
      if (i > 0) {
        parent[u] = stem[i - 1];
        pred[u] = stemPred[i - 1];
        predUp[u] = 1 - stemUp[i - 1];
        flow[u] = stemFlow[i - 1];
      }
    }
    parent[uIn] = vIn;
    pred[uIn] = entering;
    predUp[uIn] = uInIsSource ? 1 : 0;
    flow[uIn] = enteringFlow;

    // Make the entering arc's reduced cost zero by shifting the potentials of all of S.
    const c = this.cost[entering];
    const sigma = pi[vIn] - pi[uIn] + (uInIsSource ? -c : c);
    for (let u = uIn, n = 0; n < size; n++, u = thread[u]) pi[u] += sigma;
  }

  /** Dense plan from the tree flows, and its cost summed in arc order. */
  extractPlan(): { plan: Float64Array; total: number } {
    const plan = new Float64Array(this.arcCount);
    const arcs: number[] = [];
    for (let u = 0; u < this.root; u++) {
      const arc = this.pred[u];
      if (arc < this.arcCount && this.flow[u] !== 0) {
        plan[arc] = this.flow[u];
        arcs.push(arc);
      }
    }
    arcs.sort((x, y) => x - y);
    let total = 0;
    for (const arc of arcs) total += plan[arc] * this.cost[arc];
    return { plan, total };
  }
}
