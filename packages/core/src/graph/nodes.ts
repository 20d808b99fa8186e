import type { ActivationNeeds } from './node-kind';
import type { ParameterView } from './parameter-views';
import { nodeKindOf } from './node-kinds';

/**
 * A node of an alignment graph: a registered kind (see `NodeKind`) and an id. A node owns model
 * parameters (full tensor names) and may produce a transport map for its output features; other
 * nodes consume maps by node id. What else a node holds is its kind's business.
 */
export interface GraphNode {
  readonly kind: string;
  readonly id: string;
  readonly [field: string]: unknown;
}

/** A node id whose map is read; `null` means "no incoming map" (the model's raw input). */
export type MapRef = string | null;

export interface AlignmentGraph {
  readonly nodes: readonly GraphNode[];
  /** Parameters nodes name that are stored as part of another tensor or transposed (see `ParameterView`). */
  readonly views?: readonly ParameterView[];
}

export type { LinearNode } from '../kinds/linear';
export type { NormNode } from '../kinds/norm';
export type { EmbeddingNode } from '../kinds/embedding';
export type { AttentionNode, ProjectionSpec, QkFusion } from '../kinds/attention';
export type { ResidualNode } from '../kinds/residual';
export type { TieNode } from '../kinds/tie';

/** Parameter names a node owns, in a stable order. */
export function ownedParameters(node: GraphNode): string[] {
  return nodeKindOf(node).ownedParameters(node);
}

/** Node ids whose maps a node consumes. */
export function mapInputs(node: GraphNode): string[] {
  return nodeKindOf(node).mapInputs(node);
}

/** Activation keys a node reads: for describing neurons, and for weighing residual maps. */
export function activationKeys(node: GraphNode): ActivationNeeds {
  return nodeKindOf(node).activationKeys?.(node) ?? { alignment: [], residual: [] };
}
