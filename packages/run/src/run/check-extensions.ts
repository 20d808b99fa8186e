import { ALIGNMENT_METHOD, type FusionOptions, metricParameters, solverParameters } from '@otfuse/core';
import { type Extension, ExtensionError, Registry, resolveParameters } from '@otfuse/extension';
import { GROUND_METRIC, OT_SOLVER } from '@otfuse/ot';
import type { DependencyContainer } from 'tsyringe';
import { ConfigError } from '../config/config-error';
import type { MethodSelection } from '../config/experiment';
import { suggestion } from '../config/suggest';

/**
 * Checks that the solver and ground metric a file names are registered and that their
 * parameters are valid, naming the experiment key at fault. Returns the options with the paper
 * key `gnd_metric.squared: false` dropped for a metric that has no `squared` (nothing to honour).
 */
export function checkExtensions(container: DependencyContainer, options: FusionOptions, file: string): FusionOptions {
  const solvers = Registry.of(container, OT_SOLVER);
  const metrics = Registry.of(container, GROUND_METRIC);
  const problems = [
    missing(solvers, options.solver, 'fusion.ot_solver', 'OT solvers'),
    missing(metrics, options.groundMetric.type, 'fusion.gnd_metric.type', 'ground metrics'),
  ].filter((p): p is string => p !== undefined);
  if (problems.length) throw new ConfigError('UNKNOWN_ID', `${file}: unknown extension`, problems);

  const metric = metrics.get(options.groundMetric.type);
  const { squared, ...others } = options.groundMetric.params;
  const dropSquared = squared === false && !metric.parameters.some((p) => p.name === 'squared');
  const checked: FusionOptions = dropSquared ? { ...options, groundMetric: { ...options.groundMetric, params: others } } : options;
  const solver = solvers.get(options.solver);
  const reg = solver.parameters.some((p) => p.name === 'reg') && checked.solverParams.reg === undefined ? 'fusion.sinkhorn_reg' : undefined;
  asConfigError(() => solverParameters(solver, checked), (name) => (name === 'reg' && reg ? reg : `fusion.solver_params.${name}`), file);
  asConfigError(() => metricParameters(metric, checked), (name) => (name === 'squared' && squared !== undefined && !Object.hasOwn(others, 'squared') ? 'fusion.gnd_metric.squared' : `fusion.gnd_metric.params.${name}`), file);
  return checked;
}

/** Checks that every method a file names is registered and that its parameters are valid, naming the key at fault. */
export function checkMethods(container: DependencyContainer, methods: readonly MethodSelection[], file: string): void {
  const registry = Registry.of(container, ALIGNMENT_METHOD);
  const problems = methods.map((m) => missing(registry, m.id, 'fusion.methods', 'alignment methods')).filter((p): p is string => p !== undefined);
  if (problems.length) throw new ConfigError('UNKNOWN_ID', `${file}: unknown extension`, problems);
  for (const { id, params } of methods) {
    const method = registry.get(id);
    asConfigError(() => resolveParameters(`alignment method '${id}'`, method.parameters, params), (name) => `fusion.method_params.${id}.${name}`, file);
  }
}

/** Runs `check`; an ExtensionError about a parameter becomes a ConfigError naming `file` and the key `keyOf` gives. */
export function asConfigError<T>(check: () => T, keyOf: (parameter: string) => string, file: string): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ExtensionError && error.code === 'INVALID_PARAMETER' && error.parameter !== undefined) {
      throw new ConfigError('INVALID_CONFIG', `${file}: invalid parameter`, [`${keyOf(error.parameter)}: ${error.message}`]);
    }
    throw error;
  }
}

function missing(registry: Registry<Extension>, id: string, key: string, noun: string): string | undefined {
  return registry.has(id) ? undefined : `${key}: no registered ${noun.replace(/s$/, '')} '${id}'; ${suggestion(id, registry.ids(), noun)}`;
}
