import { ALIGNMENT_METHOD, ARCHITECTURE, registeredNodeKinds } from '@otfuse/core';
import { DATASET } from '@otfuse/data';
import { type Extension, type ExtensionPoint, type ParameterSpec, Registry, parameterTypeLabel, showValue } from '@otfuse/extension';
import { GROUND_METRIC, OT_SOLVER } from '@otfuse/ot';
import { TASK } from '@otfuse/train';
import type { DependencyContainer } from 'tsyringe';

/** A member as listings show it: an extension's metadata, and lines of its own (a task's metrics). */
export interface ListedMember extends Extension {
  readonly details?: readonly string[];
}

/** One kind of registered thing, how experiments use it, and where its members come from. */
export interface ExtensionKind {
  title: string;
  /** Where an experiment file sets a member's parameters, or what picks a member. */
  usage: string;
  /** Its members, in registration order. */
  members(container: DependencyContainer): ListedMember[];
}

/** The members registered under `point` in the container. */
const registeredUnder =
  (point: ExtensionPoint<Extension>) =>
  (container: DependencyContainer): ListedMember[] =>
    Registry.of(container, point).list();

export const EXTENSION_KINDS: readonly ExtensionKind[] = [
  { title: 'architectures', usage: 'parameters set under `fusion.acts` (`seq_filter`, `pre_relu`) and `fusion.acts.capture`', members: registeredUnder(ARCHITECTURE) },
  {
    title: 'node kinds',
    usage: "the nodes of architectures' alignment graphs; a plugin adds its own with `registerNodeKind`",
    // Node kinds live in core's own registry, not in the container: every graph may use them.
    members: () => registeredNodeKinds().map((kind) => ({ id: kind.kind, description: kind.description, parameters: [] })),
  },
  { title: 'alignment methods', usage: 'parameters set under `fusion.method_params.<id>`', members: registeredUnder(ALIGNMENT_METHOD) },
  { title: 'OT solvers', usage: 'parameters set under `fusion.solver_params` (`reg` also from `fusion.sinkhorn_reg`)', members: registeredUnder(OT_SOLVER) },
  { title: 'ground metrics', usage: 'parameters set under `fusion.gnd_metric.params` (`squared` also from `fusion.gnd_metric.squared`)', members: registeredUnder(GROUND_METRIC) },
  { title: 'data sets', usage: 'parameters set under `data.params` (`split` is set by otfuse)', members: registeredUnder(DATASET) },
  {
    title: 'tasks',
    usage: 'what a model is trained and evaluated for, named by its architecture; its metrics headline first',
    members: (container) =>
      Registry.of(container, TASK)
        .list()
        .map((task) => ({ ...task, details: [`metrics: ${task.metrics.map((metric) => metric.name).join(', ')}`] })),
  },
];

/** Every member of each kind in the container, in registration order. */
export function registeredKinds(container: DependencyContainer): { kind: ExtensionKind; members: ListedMember[] }[] {
  return EXTENSION_KINDS.map((kind) => ({ kind, members: kind.members(container) }));
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
