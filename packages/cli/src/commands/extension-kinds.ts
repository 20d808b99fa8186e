import { ARCHITECTURE } from '@otfuse/core';
import { DATASET } from '@otfuse/data';
import { type Extension, type ExtensionPoint, type ParameterSpec, Registry, parameterTypeLabel, showValue } from '@otfuse/extension';
import { GROUND_METRIC, OT_SOLVER } from '@otfuse/ot';
import type { DependencyContainer } from 'tsyringe';

/** One kind of registered extension, and the experiment key its parameters are set under. */
export interface ExtensionKind {
  title: string;
  point: ExtensionPoint<Extension>;
  /** Where an experiment file sets a member's parameters. */
  setUnder: string;
}

export const EXTENSION_KINDS: readonly ExtensionKind[] = [
  { title: 'architectures', point: ARCHITECTURE, setUnder: '`fusion.acts` (`seq_filter`, `pre_relu`) and `fusion.acts.capture`' },
  { title: 'OT solvers', point: OT_SOLVER, setUnder: '`fusion.solver_params` (`reg` also from `fusion.sinkhorn_reg`)' },
  { title: 'ground metrics', point: GROUND_METRIC, setUnder: '`fusion.gnd_metric.params` (`squared` also from `fusion.gnd_metric.squared`)' },
  { title: 'data sets', point: DATASET, setUnder: '`data.params` (`split` is set by otfuse)' },
];

/** Every member of each kind in the container, in registration order. */
export function registeredKinds(container: DependencyContainer): { kind: ExtensionKind; members: Extension[] }[] {
  return EXTENSION_KINDS.map((kind) => ({ kind, members: Registry.of(container, kind.point).list() }));
}

/** What a parameter takes when absent: its default, `optional`, or `required`. */
export function parameterFallback(spec: ParameterSpec): string {
  if (spec.default !== undefined) return `default ${showValue(spec.default)}`;
  return spec.optional === true ? 'optional' : 'required';
}

/** `name: type (fallback) — description`, as `otfuse list` prints a parameter. */
export function parameterLine(spec: ParameterSpec): string {
  return `${spec.name}: ${parameterTypeLabel(spec)} (${parameterFallback(spec)}) — ${spec.description}`;
}
