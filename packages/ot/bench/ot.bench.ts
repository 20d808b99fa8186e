/**
 * Benchmark of @otfuse/ot on cost matrices shaped like neuron alignment problems: the rows of
 * model 0 are noisy copies of permuted anchor rows, described by 7400 features (activations
 * over samples x tokens), with max-normalised euclidean costs in float32 as the reference
 * passes them. Times are medians over several runs; the reference column is the time of the
 * reference library (POT 0.8.2 with NumPy) for the same job on a 2-core machine.
 *
 *   npm run bench                      (from packages/ot)
 *   BENCH_DIM=512 npm run bench        (smaller features: quicker, cost matrix not comparable)
 *   BENCH_SIZES=384x384,1536x1024 npm run bench
 */
import { emd, groundCost, groundCostFromGram, innerProducts, sinkhorn, squaredRowNorms, uniform } from '../src/index';
import { Random } from '../src/__fixtures__/random';

interface BenchCase {
  n0: number;
  n1: number;
  /** Reference seconds: EMD, Sinkhorn (reg 0.08), cost matrix. */
  reference: { emd: number; sinkhorn: number; cost: number };
  /** Runs of the cost-matrix construction (slow in pure JavaScript at this dimension). */
  costRuns: number;
}

const CASES: BenchCase[] = [
  { n0: 384, n1: 384, reference: { emd: 0.002, sinkhorn: 0.001, cost: 0.013 }, costRuns: 3 },
  { n0: 1536, n1: 1536, reference: { emd: 0.09, sinkhorn: 0.04, cost: 0.17 }, costRuns: 1 },
  { n0: 3072, n1: 3072, reference: { emd: 0.52, sinkhorn: 0.39, cost: 0.66 }, costRuns: 1 },
  { n0: 1536, n1: 1024, reference: { emd: 0.16, sinkhorn: 0.025, cost: 0.12 }, costRuns: 1 },
];
const DIM = Number(process.env.BENCH_DIM ?? 7400);
const SOLVER_RUNS = 5;
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

function time<T>(runs: number, fn: () => T): { seconds: number; result: T } {
  const times: number[] = [];
  let result: T | undefined;
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    result = fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: median(times), result: result as T };
}

interface Row {
  job: string;
  size: string;
  ours: number;
  reference?: number;
  note: string;
}

function main(): void {
  const rng = new Random(2024);
  const rows: Row[] = [];
  for (const c of selectedCases()) {
    const first = rows.length;
    const size = `${c.n0}x${c.n1}`;
    const { x, y } = neuronFeatures(rng, c.n0, c.n1, DIM);
    const costTiming = time(c.costRuns, () => groundCost(x, y, c.n0, c.n1, DIM, { normalize: 'max' }));
    rows.push({ job: `cost matrix (d=${DIM})`, size, ours: costTiming.seconds, reference: c.reference.cost, note: `${c.costRuns} run(s)` });
    const gram = innerProducts(x, y, c.n0, c.n1, DIM);
    const xx = squaredRowNorms(x, c.n0, DIM);
    const yy = squaredRowNorms(y, c.n1, DIM);
    const fromGram = time(SOLVER_RUNS, () => groundCostFromGram(gram, xx, yy, c.n0, c.n1, { normalize: 'max' }));
    rows.push({ job: 'cost from Gram matrix', size, ours: fromGram.seconds, note: 'distances + max-normalise only' });

    // The reference receives the cost in float32.
    const cost = Float32Array.from(costTiming.result);
    const mu = uniform(c.n0);
    const nu = uniform(c.n1);
    const exact = time(SOLVER_RUNS, () => emd(mu, nu, cost));
    rows.push({ job: 'emd', size, ours: exact.seconds, reference: c.reference.emd, note: exact.result.algorithm });
    if (exact.result.algorithm === 'assignment') {
      const simplex = time(SOLVER_RUNS, () => emd(mu, nu, cost, { algorithm: 'network-simplex' }));
      rows.push({ job: 'emd (network simplex forced)', size, ours: simplex.seconds, note: `${simplex.result.pivots} pivots` });
    }
    const entropic = time(SOLVER_RUNS, () => sinkhorn(mu, nu, cost, { reg: 0.08 }));
    rows.push({
      job: 'sinkhorn reg 0.08',
      size,
      ours: entropic.seconds,
      reference: c.reference.sinkhorn,
      note: `${entropic.result.iterations} iterations, ${entropic.result.stop}`,
    });
    printRows(rows.slice(first));
  }
  console.log('\nSummary (seconds, median):');
  printRows(rows);
}

function printRows(rows: Row[]): void {
  const header = ['job', 'size', 'ours (s)', 'reference (s)', 'ours / ref', 'note'];
  const lines = rows.map((r) => [
    r.job,
    r.size,
    r.ours.toFixed(4),
    r.reference === undefined ? '-' : r.reference.toFixed(3),
    r.reference === undefined ? '-' : (r.ours / r.reference).toFixed(2),
    r.note,
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...lines.map((l) => l[k].length)));
  const format = (cells: string[]) => cells.map((cell, k) => cell.padEnd(widths[k])).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

main();
