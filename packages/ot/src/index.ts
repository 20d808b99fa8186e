// Public API of @otfuse/ot: optimal transport on typed arrays, no dependencies.
export { OtError, type OtErrorCode } from './errors';
export { uniform, checkProblem, MASS_TOLERANCE, type Matrix, type ProblemShape } from './problem';

export { emd, EMD_ALGORITHMS, type EmdAlgorithm, type EmdOptions, type EmdResult } from './emd/emd';
export { solveAssignment, type AssignmentResult } from './emd/assignment';
export { networkSimplex, type NetworkSimplexOptions, type NetworkSimplexResult } from './emd/network-simplex';

export { sinkhorn } from './sinkhorn/sinkhorn';
export {
  SINKHORN_DEFAULTS,
  SINKHORN_METHODS,
  KERNEL_PRECISIONS,
  type SinkhornOptions,
  type SinkhornResult,
  type SinkhornMethod,
  type SinkhornStop,
  type KernelPrecision,
} from './sinkhorn/options';
export { float32Exp } from './sinkhorn/float32-exp';

export {
  groundCost,
  groundCostFromGram,
  UNIT_NORM_EPSILON,
  type GroundCostOptions,
  type CostClip,
} from './metrics/ground-cost';
export { COST_NORMALIZATIONS, type CostNormalization } from './metrics/normalise';
export { innerProducts, squaredRowNorms } from './metrics/inner-products';
export { GROUND_METRIC, GROUND_METRICS, type GroundMetric } from './metrics/ground-metrics';

export {
  OT_SOLVER,
  SOLVERS,
  REG_PARAMETER,
  defineSolver,
  transportCost,
  type OtSolver,
  type SolveContext,
  type SolverDefinition,
  type SolverOutput,
} from './solvers';
export { register } from './register';
