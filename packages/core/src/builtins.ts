import * as tf from '@tensorflow/tfjs';
import { emd, groundCostFromGram, listGroundMetrics, listSolvers, squaredRowNorms } from '@otfuse/ot';
import type { GroundMetric, OtSolver } from '@otfuse/ot';
import type { DependencyContainer } from 'tsyringe';
import type { GroundMetricPlugin, GroundMetricRequest, OtSolverPlugin, ParameterSpec, SolveRequest } from './di/contracts';
import { GROUND_METRIC, OT_SOLVER } from './di/tokens';
import { hostScope } from './engine/host-scope';

/** The experiment key that feeds a solver's regularisation. */
const SINKHORN_REG: ParameterSpec = { name: 'sinkhorn_reg', type: 'number', default: 0.08, description: 'entropic regularisation' };

/**
 * A solver of @otfuse/ot's registry as fusion uses it: uniform problems solved one layer at a
 * time, the configured `sinkhorn_reg` passed to the solvers that take a regularisation.
 */
function fusionSolver(solver: OtSolver): OtSolverPlugin {
  const takesReg = (solver.parameters ?? []).some((p) => p.name === 'reg');
  return {
    id: solver.name,
    description: solver.description,
    parameters: takesReg ? [SINKHORN_REG] : [],
    solve: (mu, nu, cost, request: SolveRequest) => solver.solve(mu, nu, cost, takesReg ? { reg: request.reg } : {}).plan,
  };
}

/** Sinkhorn where a layer's map is larger than its incoming map, exact OT elsewhere (a per-layer choice, so it lives here). */
function sinkhornForWidening(sinkhorn: OtSolverPlugin): OtSolverPlugin {
  return {
    id: 'sinkhorn_for_widening',
    description: "Sinkhorn where a layer's map is larger than its incoming map, exact OT elsewhere",
    parameters: [SINKHORN_REG],
    solve: (mu, nu, cost, request) => (request.widening ? sinkhorn.solve(mu, nu, cost, request) : emd(mu, nu, cost).plan),
  };
}

/** The solvers an experiment file can name (`fusion.ot_solver`): every solver of @otfuse/ot, and `sinkhorn_for_widening`. */
export function builtinSolvers(): OtSolverPlugin[] {
  const solvers = listSolvers().map(fusionSolver);
  const sinkhorn = solvers.find((s) => s.id === 'sinkhorn');
  return sinkhorn ? [...solvers, sinkhornForWidening(sinkhorn)] : solvers;
}

/**
 * A ground metric of @otfuse/ot's registry computed the way fusion needs it: in float32 on
 * TensorFlow.js, like the reference (torch.cdist's matmul route): rows scaled to unit norm first
 * when asked, then X·Yᵀ, from which the metric's inner-product form gives the cost.
 */
function fusionMetric(metric: GroundMetric): GroundMetricPlugin {
  const takesSquared = (metric.parameters ?? []).some((p) => p.name === 'squared');
  return {
    id: metric.name,
    description: metric.description,
    cost: (x, y, n0, n1, dim, request: GroundMetricRequest) => {
      const [xs, ys] = request.unitRows ? [unitRows(x, n0, dim), unitRows(y, n1, dim)] : [x, y];
      const gram = hostScope(() => tf.matMul(tf.tensor2d(xs, [n0, dim]), tf.transpose(tf.tensor2d(ys, [n1, dim]))).dataSync() as Float32Array);
      return groundCostFromGram(gram, squaredRowNorms(xs, n0, dim), squaredRowNorms(ys, n1, dim), n0, n1, {
        metric: metric.name,
        squared: takesSquared ? request.squared : undefined,
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

/** Every ground metric of @otfuse/ot that has an inner-product form. */
export function builtinGroundMetrics(): GroundMetricPlugin[] {
  return listGroundMetrics()
    .filter((m) => m.distancesFromGram !== undefined)
    .map(fusionMetric);
}

/** Binds the solvers and ground metrics of @otfuse/ot; plugins add architectures and data sets. */
export function registerCore(container: DependencyContainer): void {
  for (const solver of builtinSolvers()) container.register(OT_SOLVER, { useValue: solver });
  for (const gm of builtinGroundMetrics()) container.register(GROUND_METRIC, { useValue: gm });
}
