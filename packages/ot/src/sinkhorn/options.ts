import { OtError } from '../errors';
import { defaultThreads } from '../parallel/chunk-runner';

export type SinkhornMethod = 'plain' | 'log';
export const SINKHORN_METHODS: readonly SinkhornMethod[] = ['plain', 'log'];

/** Precision of the kernel exp(-M/reg) in the plain method. */
export type KernelPrecision = 'float32' | 'float64';
export const KERNEL_PRECISIONS: readonly KernelPrecision[] = ['float32', 'float64'];

export interface SinkhornOptions {
  /** Entropic regularisation, > 0. */
  reg: number;
  /** Most iterations (one update of v then u each); default 1000. */
  maxIter?: number;
  /** Stop once the column-marginal error (L2) is below this; default 1e-9. */
  tol?: number;
  /** `plain` (default): the reference's scaling iterations; `log`: log-domain, stable for small reg. */
  method?: SinkhornMethod;
  /**
   * Plain method only. `float32` (default) builds the kernel in float32 and starts from float32
   * scalings, as the reference does with a float32 cost; `float64` keeps everything in float64.
   */
  kernelPrecision?: KernelPrecision;
  /**
   * Plain method only: threads that share the work of large problems (this one included);
   * default all cores. The numbers do not depend on it.
   */
  threads?: number;
}

/** Why the iterations ended. */
export type SinkhornStop = 'converged' | 'max-iterations' | 'numerical-error';

export interface SinkhornResult {
  /** Plan diag(u) K diag(v), row-major n0 x n1. */
  plan: Float64Array;
  /** Scaling updates kept (an update undone after a numerical error is not counted). */
  iterations: number;
  /** True when the marginal error fell below `tol`. */
  converged: boolean;
  /** Last measured column-marginal error (L2); NaN when never measured. */
  error: number;
  stop: SinkhornStop;
}

/** Sinkhorn settings after defaults and checks. */
export interface ResolvedSinkhornOptions {
  reg: number;
  maxIter: number;
  tol: number;
  method: SinkhornMethod;
  kernelPrecision: KernelPrecision;
  threads: number;
}

export const SINKHORN_DEFAULTS = { maxIter: 1000, tol: 1e-9, method: 'plain', kernelPrecision: 'float32' } as const;

export function resolveSinkhornOptions(given: SinkhornOptions | undefined): ResolvedSinkhornOptions {
  // Callers without type checks may leave the options out; that is a missing reg.
  const options: Partial<SinkhornOptions> = given ?? {};
  const reg = options.reg;
  if (typeof reg !== 'number' || !(reg > 0) || !Number.isFinite(reg)) {
    throw new OtError('OT_INVALID_OPTION', `sinkhorn: option 'reg' must be a finite number > 0, got ${String(reg)}`);
  }
  const maxIter = options.maxIter ?? SINKHORN_DEFAULTS.maxIter;
  if (!Number.isInteger(maxIter) || maxIter < 0) {
    throw new OtError('OT_INVALID_OPTION', `sinkhorn: option 'maxIter' must be an integer >= 0, got ${maxIter}`);
  }
  const tol = options.tol ?? SINKHORN_DEFAULTS.tol;
  if (typeof tol !== 'number' || !(tol >= 0)) {
    throw new OtError('OT_INVALID_OPTION', `sinkhorn: option 'tol' must be a number >= 0, got ${String(tol)}`);
  }
  const method = options.method ?? SINKHORN_DEFAULTS.method;
  if (!SINKHORN_METHODS.includes(method)) {
    throw new OtError(
      'OT_INVALID_OPTION',
      `sinkhorn: unknown method '${String(method)}'; expected one of ${SINKHORN_METHODS.join(', ')}`,
    );
  }
  const kernelPrecision = options.kernelPrecision ?? SINKHORN_DEFAULTS.kernelPrecision;
  if (!KERNEL_PRECISIONS.includes(kernelPrecision)) {
    throw new OtError(
      'OT_INVALID_OPTION',
      `sinkhorn: unknown kernelPrecision '${String(kernelPrecision)}'; expected one of ${KERNEL_PRECISIONS.join(', ')}`,
    );
  }
  const threads = options.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new OtError('OT_INVALID_OPTION', `sinkhorn: option 'threads' must be an integer >= 1, got ${String(threads)}`);
  }
  return { reg, maxIter, tol, method, kernelPrecision, threads };
}

/** How often the marginal error is measured (iterations 0, 10, 20, ...), as in the reference. */
export const ERROR_CHECK_PERIOD = 10;
