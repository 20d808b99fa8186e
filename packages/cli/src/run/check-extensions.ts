import { GROUND_METRIC, OT_SOLVER, registered } from '@otfuse/core';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { Described } from '@otfuse/core';
import { ConfigError } from '../config/config-error';
import { suggestion } from '../config/suggest';

/** Checks that the solver and ground metric a file names are registered, naming the key if not. */
export function checkExtensions(container: DependencyContainer, solver: string, groundMetric: string): void {
  const problems = [
    missing(container, OT_SOLVER, solver, 'fusion.ot_solver', 'OT solvers'),
    missing(container, GROUND_METRIC, groundMetric, 'fusion.gnd_metric.type', 'ground metrics'),
  ].filter((p): p is string => p !== undefined);
  if (problems.length) throw new ConfigError('UNKNOWN_ID', 'unknown extension', problems);
}

function missing(container: DependencyContainer, token: InjectionToken<Described>, id: string, key: string, noun: string): string | undefined {
  const ids = registered(container, token).map((item) => item.id);
  return ids.includes(id) ? undefined : `${key}: no registered ${noun.replace(/s$/, '')} '${id}'; ${suggestion(id, ids, noun)}`;
}
