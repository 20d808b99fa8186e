import { type ExtensionContainer, addExtensions } from '@otfuse/extension';
import { GROUND_METRIC, GROUND_METRICS } from './metrics/ground-metrics';
import { OT_SOLVER, SOLVERS } from './solvers';

/** Binds this package's solvers and ground metrics in a dependency-injection container. */
export function register(container: ExtensionContainer): void {
  addExtensions(container, OT_SOLVER, SOLVERS.list());
  addExtensions(container, GROUND_METRIC, GROUND_METRICS.list());
}
