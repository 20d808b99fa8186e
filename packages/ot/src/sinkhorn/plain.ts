import { chunkRunner, keptArray, type ChunkRunner } from '../parallel/chunk-runner';
import type { Matrix } from '../problem';
import { columnMarginalError } from './kernel';
import { ERROR_CHECK_PERIOD, type ResolvedSinkhornOptions, type SinkhornResult, type SinkhornStop } from './options';
import { chunkCount, sumChunkPartials } from './row-chunks';

/** Below this many cost entries, handing work to other threads costs more than it saves. */
export const PARALLEL_MIN_ENTRIES = 1 << 16;

/**
 * Sinkhorn–Knopp scaling iterations in the reference's order:
 *   v = nu ./ (K^T u);  u = 1 ./ ((1/mu) .* K) v
 * An update that divides by zero or yields NaN/Inf is undone and ends the iterations; the
 * column-marginal error is measured on iterations 0, 10, 20, ... after the update. The kernel
 * passes work on chunks of rows (row-chunks.ts), shared among threads on large problems.
 */
export function sinkhornPlain(
  mu: Matrix,
  nu: Matrix,
  cost: Matrix,
  n0: number,
  n1: number,
  options: ResolvedSinkhornOptions,
): SinkhornResult {
  const runner = chunkRunner(n0 * n1 >= PARALLEL_MIN_ENTRIES ? options.threads : 1);
  try {
    return scaledPlan(mu, nu, cost, n0, n1, options, runner);
  } finally {
    runner.finish();
  }
}

function scaledPlan(mu: Matrix, nu: Matrix, cost: Matrix, n0: number, n1: number, options: ResolvedSinkhornOptions, runner: ChunkRunner): SinkhornResult {
  const single = options.kernelPrecision === 'float32';
  const round = single ? Math.fround : (x: number) => x;
  const chunks = chunkCount(n0);
  const arrays = {
    n0,
    n1,
    kernel: single ? runner.float32(n0 * n1) : runner.float64(n0 * n1),
    partials: runner.float64(chunks * n1),
  };
  let u = runner.float64(n0).fill(round(1 / n0));
  let v = runner.float64(n1).fill(round(1 / n1));
  let uNext = runner.float64(n0);
  let vNext = runner.float64(n1);
  // ktu = K^T u for the current u; each pass over the kernel computes the next one.
  let ktu = new Float64Array(n1);
  let ktuNext = new Float64Array(n1);
  runner.run('sinkhorn-kernel', { ...arrays, cost: sharedCopy(runner, cost, single), reg: options.reg, u0: u[0] }, chunks);
  sumChunkPartials(arrays.partials, chunks, n1, ktu);
  // The first product has float32 operands (kernel and initial u), so a float32 result.
  if (single) for (let j = 0; j < n1; j++) ktu[j] = Math.fround(ktu[j]);
  const scale = runner.float64(n0);
  for (let i = 0; i < n0; i++) scale[i] = 1 / mu[i];

  let iterations = 0;
  let error = Number.NaN;
  let stop: SinkhornStop = 'max-iterations';
  for (let it = 0; it < options.maxIter; it++) {
    let zeroColumn = false;
    for (let j = 0; j < n1; j++) {
      if (ktu[j] === 0) zeroColumn = true;
      vNext[j] = nu[j] / ktu[j];
    }
    if (zeroColumn) {
      stop = 'numerical-error';
      break;
    }
    runner.run('sinkhorn-scalings', { ...arrays, scale, v: vNext, u: uNext }, chunks);
    sumChunkPartials(arrays.partials, chunks, n1, ktuNext);
    if (!allFinite(uNext) || !allFinite(vNext)) {
      stop = 'numerical-error';
      break;
    }
    [u, uNext] = [uNext, u];
    [v, vNext] = [vNext, v];
    [ktu, ktuNext] = [ktuNext, ktu];
    iterations++;
    if (it % ERROR_CHECK_PERIOD === 0) {
      error = columnMarginalError(ktu, v, nu);
      if (error < options.tol) {
        stop = 'converged';
        break;
      }
    }
  }
  // Scalings still at their float32 start make a float32 plan, as in the reference.
  const plan = runner.float64(n0 * n1);
  runner.run('sinkhorn-plan', { ...arrays, u, v, single: single && iterations === 0, plan }, chunks);
  return { plan: keptArray(runner, plan), iterations, converged: stop === 'converged', error, stop };
}

/** The cost as the kernel tasks read it: itself, or a shared copy (float32 when only float32 is read). */
function sharedCopy(runner: ChunkRunner, cost: Matrix, single: boolean): Matrix {
  if (!runner.shared) return cost;
  const copy = single ? runner.float32(cost.length) : runner.float64(cost.length);
  copy.set(cost);
  return copy;
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    // Finite iff x - x is 0 (NaN and +-Infinity give NaN).
    if (values[i] - values[i] !== 0) return false;
  }
  return true;
}
