/**
 * Benchmark of @otfuse/ot on cost matrices shaped like neuron alignment problems: the rows of
 * model 0 are noisy copies of permuted anchor rows, described by 7400 features (activations
 * over samples x tokens), with max-normalised euclidean costs in float32 as the reference
 * passes them. Times are medians over several runs. When `BENCH_PYTHON` (default `python3`)
 * can import POT and NumPy, EMD and Sinkhorn of the reference library are timed on the same
 * costs in the same run, alternating with ours, and the Sinkhorn plans are compared.
 *
 *   npm run bench                      (from packages/ot)
 *   BENCH_PYTHON=/path/to/venv/bin/python npm run bench
 *   BENCH_DIM=512 npm run bench        (smaller features: quicker, cost matrix not comparable)
 *   BENCH_SIZES=384x384,1536x1024 BENCH_RUNS=9 npm run bench
 */
import { emd, groundCost, groundCostFromGram, innerProducts, sinkhorn, squaredRowNorms, uniform } from '../src/index';
import { Random } from '../src/__fixtures__/random';
import { POT_SETUP_COMMAND, PotReference, type ReferenceRun } from './pot-reference';

interface BenchCase {
  n0: number;
  n1: number;
  /** Runs of the cost-matrix construction (slow in pure JavaScript at this dimension). */
  costRuns: number;
}

const CASES: BenchCase[] = [
  { n0: 384, n1: 384, costRuns: 3 },
  { n0: 1536, n1: 1536, costRuns: 1 },
  { n0: 3072, n1: 3072, costRuns: 1 },
  { n0: 1536, n1: 1024, costRuns: 1 },
];
const DIM = Number(process.env.BENCH_DIM ?? 7400);
const SOLVER_RUNS = Number(process.env.BENCH_RUNS ?? 5);
const REG = 0.08;
/** Share of a feature vector that is the anchor's, the rest is independent noise. */
const SIGNAL = 0.8;

function selectedCases(): BenchCase[] {
  const wanted = process.env.BENCH_SIZES?.split(',').map((s) => s.trim());
  return wanted === undefined ? CASES : CASES.filter((c) => wanted.includes(`${c.n0}x${c.n1}`));
}

/** Anchor features [n1 x d] and model-0 features [n0 x d] copied from permuted anchors. */
function neuronFeatures(rng: Random, n0: number, n1: number, d: number): { x: Float32Array; y: Float32Array } {
  const y = new Float32Array(n1 * d);
  for (let k = 0; k < y.length; k++) y[k] = rng.normal();
  const order = rng.permutation(n1);
  const noise = Math.sqrt(1 - SIGNAL * SIGNAL);
  const x = new Float32Array(n0 * d);
  for (let i = 0; i < n0; i++) {
    // Every anchor is copied once; rows beyond n1 copy random anchors.
    const source = i < n1 ? order[i] : rng.int(n1);
    for (let k = 0; k < d; k++) x[i * d + k] = SIGNAL * y[source * d + k] + noise * rng.normal();
  }
  return { x, y };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function seconds<T>(fn: () => T): { seconds: number; result: T } {
  const start = process.hrtime.bigint();
  const result = fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, result };
}

function time<T>(runs: number, fn: () => T): { seconds: number; result: T } {
  const times: number[] = [];
  let result: T | undefined;
  for (let r = 0; r < runs; r++) {
    const run = seconds(fn);
    times.push(run.seconds);
    result = run.result;
  }
  return { seconds: median(times), result: result as T };
}

/**
 * Our solver and the reference one after the other, `runs` times, so that load from other
 * processes falls on both alike; medians of each.
 */
async function timeSideBySide<T>(
  runs: number,
  ours: () => T,
  reference: (() => Promise<ReferenceRun>) | undefined,
): Promise<{ ours: number; result: T; reference?: number; referenceRun?: ReferenceRun }> {
  const ourTimes: number[] = [];
  const referenceTimes: number[] = [];
  let result: T | undefined;
  let referenceRun: ReferenceRun | undefined;
  for (let r = 0; r < runs; r++) {
    const run = seconds(ours);
    ourTimes.push(run.seconds);
    result = run.result;
    if (reference !== undefined) {
      referenceRun = await reference();
      referenceTimes.push(referenceRun.seconds);
    }
  }
  return {
    ours: median(ourTimes),
    result: result as T,
    reference: referenceRun === undefined ? undefined : median(referenceTimes),
    referenceRun,
  };
}

/** max |a - b| relative to the largest entry of b. */
function relativeDifference(a: Float64Array, b: Float64Array): number {
  let diff = 0;
  let largest = 0;
  for (let e = 0; e < a.length; e++) {
    diff = Math.max(diff, Math.abs(a[e] - b[e]));
    largest = Math.max(largest, Math.abs(b[e]));
  }
  return diff / largest;
}

interface Row {
  job: string;
  size: string;
  ours: number;
  reference?: number;
  note: string;
}

async function solverRows(c: BenchCase, cost: Float32Array, pot: PotReference | undefined): Promise<Row[]> {
  const size = `${c.n0}x${c.n1}`;
  const mu = uniform(c.n0);
  const nu = uniform(c.n1);
  pot?.setCost(cost);
  const rows: Row[] = [];
  const exact = await timeSideBySide(SOLVER_RUNS, () => emd(mu, nu, cost), pot && (() => pot.run('emd', c.n0, c.n1)));
  rows.push({ job: 'emd', size, ours: exact.ours, reference: exact.reference, note: exact.result.algorithm });
  if (exact.result.algorithm === 'assignment') {
    const simplex = time(SOLVER_RUNS, () => emd(mu, nu, cost, { algorithm: 'network-simplex' }));
    rows.push({ job: 'emd (network simplex forced)', size, ours: simplex.seconds, note: `${simplex.result.pivots} pivots` });
  }
  const entropic = await timeSideBySide(
    SOLVER_RUNS,
    () => sinkhorn(mu, nu, cost, { reg: REG }),
    pot && (() => pot.run('sinkhorn', c.n0, c.n1, REG)),
  );
  let note = `${entropic.result.iterations} iterations, ${entropic.result.stop}`;
  if (pot !== undefined) {
    const difference = relativeDifference(entropic.result.plan, await pot.plan('sinkhorn', c.n0, c.n1, REG));
    note += `; reference ${entropic.referenceRun?.iterations} iterations, plans differ by ${difference.toExponential(1)} of the largest entry`;
  }
  rows.push({ job: `sinkhorn reg ${REG}`, size, ours: entropic.ours, reference: entropic.reference, note });
  return rows;
}

async function main(): Promise<void> {
  const python = process.env.BENCH_PYTHON ?? 'python3';
  const pot = PotReference.start(python);
  if (pot === undefined) {
    console.log(`'${python}' cannot import ot and numpy: timing otfuse only. To time the reference next to it:`);
    console.log(`  ${POT_SETUP_COMMAND}\n`);
  }
  const rng = new Random(2024);
  const rows: Row[] = [];
  try {
    for (const c of selectedCases()) {
      const first = rows.length;
      const size = `${c.n0}x${c.n1}`;
      const { x, y } = neuronFeatures(rng, c.n0, c.n1, DIM);
      const costTiming = time(c.costRuns, () => groundCost(x, y, c.n0, c.n1, DIM, { normalize: 'max' }));
      rows.push({ job: `cost matrix (d=${DIM})`, size, ours: costTiming.seconds, note: `${c.costRuns} run(s)` });
      const gram = innerProducts(x, y, c.n0, c.n1, DIM);
      const xx = squaredRowNorms(x, c.n0, DIM);
      const yy = squaredRowNorms(y, c.n1, DIM);
      const fromGram = time(SOLVER_RUNS, () => groundCostFromGram(gram, xx, yy, c.n0, c.n1, { normalize: 'max' }));
      rows.push({ job: 'cost from Gram matrix', size, ours: fromGram.seconds, note: 'distances + max-normalise only' });
      // The reference receives the cost in float32.
      rows.push(...(await solverRows(c, Float32Array.from(costTiming.result), pot)));
      printRows(rows.slice(first));
    }
  } finally {
    pot?.close();
  }
  console.log(`\nSummary (seconds, median of ${SOLVER_RUNS} alternating runs${pot ? '; reference measured in this run' : ''}):`);
  printRows(rows);
}

function printRows(rows: Row[]): void {
  const header = ['job', 'size', 'ours (s)', 'POT (s)', 'ours / POT', 'note'];
  const lines = rows.map((r) => [
    r.job,
    r.size,
    r.ours.toFixed(4),
    r.reference === undefined ? '-' : r.reference.toFixed(4),
    r.reference === undefined ? '-' : (r.ours / r.reference).toFixed(2),
    r.note,
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...lines.map((l) => l[k].length)));
  const format = (cells: string[]) => cells.map((cell, k) => cell.padEnd(widths[k])).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

void main();
