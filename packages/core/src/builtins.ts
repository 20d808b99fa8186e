import * as tf from '@tensorflow/tfjs';
import { emd, groundCostFromGram, sinkhorn, squaredRowNorms } from '@otfuse/ot';
import type { DependencyContainer } from 'tsyringe';
import type { GroundMetricPlugin, GroundMetricRequest, OtSolverPlugin, SolveRequest } from './di/contracts';
import { GROUND_METRIC, OT_SOLVER } from './di/tokens';
import { hostScope } from './engine/host-scope';

const exact = (mu: Float64Array, nu: Float64Array, cost: Float32Array | Float64Array) => emd(mu, nu, cost).plan;
const entropic = (mu: Float64Array, nu: Float64Array, cost: Float32Array | Float64Array, request: SolveRequest) =>
  sinkhorn(mu, nu, cost, { reg: request.reg }).plan;

const REG = { name: 'sinkhorn_reg', type: 'number' as const, default: 0.08, description: 'entropic regularisation' };

/** The solvers an experiment file can name (`fusion.ot_solver`). */
export const BUILTIN_SOLVERS: readonly OtSolverPlugin[] = [
  { id: 'emd', description: 'exact optimal transport (network simplex; assignment fast path for square uniform problems)', solve: exact },
  { id: 'sinkhorn', description: 'entropic OT, Sinkhorn–Knopp iterations as in POT', parameters: [REG], solve: entropic },
  {
    id: 'sinkhorn-log',
    description: 'entropic OT in the log domain (stable for small regularisation)',
    parameters: [REG],
    solve: (mu, nu, cost, request) => sinkhorn(mu, nu, cost, { reg: request.reg, method: 'log' }).plan,
  },
  {
    id: 'sinkhorn_for_widening',
    description: "Sinkhorn where a layer's map is larger than its incoming map, exact OT elsewhere",
    parameters: [REG],
    solve: (mu, nu, cost, request) => (request.widening ? entropic(mu, nu, cost, request) : exact(mu, nu, cost)),
  },
];

function metric(id: 'euclidean' | 'cosine', description: string): GroundMetricPlugin {
  return {
    id,
    description,
    cost: (x, y, n0, n1, dim, request: GroundMetricRequest) => {
      // In float32 on TensorFlow.js, like the reference (torch.cdist's matmul route): rows scaled
      // to unit norm first when asked, then X·Yᵀ, from which the metric is computed.
      const [xs, ys] = request.unitRows ? [unitRows(x, n0, dim), unitRows(y, n1, dim)] : [x, y];
      const gram = hostScope(() => tf.matMul(tf.tensor2d(xs, [n0, dim]), tf.transpose(tf.tensor2d(ys, [n1, dim]))).dataSync() as Float32Array);
      return groundCostFromGram(gram, squaredRowNorms(xs, n0, dim), squaredRowNorms(ys, n1, dim), n0, n1, {
        metric: id,
        squared: id === 'euclidean' ? request.squared : undefined,
        normalize: request.norm,
        clip: request.clip ? { reg: request.reg, min: request.clipMin, max: request.clipMax } : undefined,
      });
    },
  };
}

/** `v / (‖v‖ + 1e-9)` per row, in float32. */
function unitRows(values: Float32Array, rows: number, dim: number): Float32Array {
  return hostScope(() => {
    const m = tf.tensor2d(values, [rows, dim]);
    return tf.div(m, tf.add(tf.norm(m, 'euclidean', 1, true), 1e-9)).dataSync() as Float32Array;
  });
}

export const BUILTIN_GROUND_METRICS: readonly GroundMetricPlugin[] = [
  metric('euclidean', 'euclidean distance between neuron descriptions (squared on request)'),
  metric('cosine', 'cosine distance, max(0, 1 − cos)'),
];

/** Binds the built-in solvers and ground metrics; plugins add architectures and data sets. */
export function registerCore(container: DependencyContainer): void {
  for (const solver of BUILTIN_SOLVERS) container.register(OT_SOLVER, { useValue: solver });
  for (const gm of BUILTIN_GROUND_METRICS) container.register(GROUND_METRIC, { useValue: gm });
}
