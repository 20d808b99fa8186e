// Times the ground-cost matrix as fusion builds it (X·Yᵀ, then the metric) on the @otfuse/ot
// benchmark problems: max-normalised euclidean distances between 7400-dim neuron descriptions,
// with the product on TensorFlow.js and, where the native matmul runs, on host arrays.
// Run: npm run bench (in packages/core).
import { type HostProductTransposed, initBackend, nativeHostProductTransposed } from '@otfuse/backend';
import { GROUND_METRICS } from '@otfuse/ot';
import { DEFAULT_FUSION_OPTIONS } from '../src';
import { fusionGroundCost } from '../src/engine/ground-cost';

const REFERENCE_SECONDS: Record<string, number> = { '384x384': 0.013, '1536x1536': 0.17, '3072x3072': 0.66, '1536x1024': 0.12 };
const DIM = 7400;

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

/** Anchor rows, and model-0 rows that are noisy copies of permuted anchor rows. */
function problem(n0: number, n1: number): [Float32Array, Float32Array] {
  const r = random(n0 * 31 + n1);
  const anchor = Float32Array.from({ length: n1 * DIM }, r);
  const model = new Float32Array(n0 * DIM);
  for (let i = 0; i < n0; i++) {
    const source = Math.floor((r() + 0.5) * n1) % n1;
    for (let j = 0; j < DIM; j++) model[i * DIM + j] = anchor[source * DIM + j] + 0.1 * r();
  }
  return [model, anchor];
}

/** Median seconds of one cost over a few runs. */
function seconds(x: Float32Array, y: Float32Array, n0: number, n1: number, hostProduct: HostProductTransposed | undefined): number {
  const metric = GROUND_METRICS.get('euclidean');
  const runs = n0 * n1 > 2e6 ? 3 : 5;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fusionGroundCost(metric, { squared: false }, DEFAULT_FUSION_OPTIONS.groundMetric, { count: n0, dim: DIM, data: x }, { count: n1, dim: DIM, data: y }, { unitNormRows: false, hostProduct });
    times.push((performance.now() - start) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function main(): Promise<void> {
  await initBackend();
  const hostProduct = nativeHostProductTransposed();
  console.log('size        tfjs (s)  host product (s)  reference (s)  best/reference');
  for (const [n0, n1] of [[384, 384], [1536, 1536], [3072, 3072], [1536, 1024]]) {
    const [x, y] = problem(n0, n1);
    const viaTfjs = seconds(x, y, n0, n1, undefined);
    const viaHost = hostProduct ? seconds(x, y, n0, n1, hostProduct) : undefined;
    const best = Math.min(viaTfjs, viaHost ?? Infinity);
    const key = `${n0}x${n1}`;
    console.log(
      `${key.padEnd(11)} ${viaTfjs.toFixed(3).padStart(8)}  ${(viaHost?.toFixed(3) ?? 'n/a').padStart(16)}  ${REFERENCE_SECONDS[key].toFixed(3).padStart(13)}  ${(best / REFERENCE_SECONDS[key]).toFixed(2).padStart(14)}`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
