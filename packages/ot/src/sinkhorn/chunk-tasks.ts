import type { Matrix } from '../problem';
import { gibbsKernelRows, scaledPlanRows, updateRowScalings, type Kernel } from './kernel';
import { chunkRows } from './row-chunks';

/** The arrays of one plain Sinkhorn solve; shared memory when threads work on it. */
export interface SinkhornArrays {
  n0: number;
  n1: number;
  kernel: Kernel;
  /** One row of n1 partial sums of K^T u per chunk. */
  partials: Float64Array;
}

export interface KernelTaskArgs extends SinkhornArrays {
  cost: Matrix;
  reg: number;
  /** The start value of every u_i. */
  u0: number;
}

export interface ScalingsTaskArgs extends SinkhornArrays {
  scale: Float64Array;
  v: Float64Array;
  /** Receives the new u. */
  u: Float64Array;
}

export interface PlanTaskArgs extends SinkhornArrays {
  u: Float64Array;
  v: Float64Array;
  single: boolean;
  plan: Float64Array;
}

function partialOf(args: SinkhornArrays, chunk: number): Float64Array {
  return args.partials.subarray(chunk * args.n1, (chunk + 1) * args.n1);
}

/** The plain Sinkhorn's work, one chunk of rows per call; threads run them by name. */
export const SINKHORN_TASKS = {
  'sinkhorn-kernel': (args: KernelTaskArgs, chunk: number): void => {
    const [start, end] = chunkRows(chunk, args.n0);
    gibbsKernelRows(args.cost, args.reg, args.kernel, start, end, args.n1, args.u0, partialOf(args, chunk));
  },
  'sinkhorn-scalings': (args: ScalingsTaskArgs, chunk: number): void => {
    const [start, end] = chunkRows(chunk, args.n0);
    updateRowScalings(args.kernel, args.scale, args.v, start, end, args.n1, args.u, partialOf(args, chunk));
  },
  'sinkhorn-plan': (args: PlanTaskArgs, chunk: number): void => {
    const [start, end] = chunkRows(chunk, args.n0);
    scaledPlanRows(args.kernel, args.u, args.v, start, end, args.n1, args.single, args.plan);
  },
};
