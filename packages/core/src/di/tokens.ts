import { InjectionToken } from 'tsyringe';
import type { ArchitecturePlugin } from '../architecture';
import type { DatasetPlugin, GroundMetricPlugin, OtSolverPlugin } from './contracts';

/** Injection tokens: plugin packages bind to these in their `register(container)`. */
export const ARCHITECTURE: InjectionToken<ArchitecturePlugin> = Symbol.for('otfuse.architecture');
export const OT_SOLVER: InjectionToken<OtSolverPlugin> = Symbol.for('otfuse.ot-solver');
export const GROUND_METRIC: InjectionToken<GroundMetricPlugin> = Symbol.for('otfuse.ground-metric');
export const DATASET: InjectionToken<DatasetPlugin> = Symbol.for('otfuse.dataset');
