import { FusionError } from '../errors';
import { alignAttention } from '../engine/handlers/attention';
import type { PermutedAxis } from '../graph/feature-spaces';
import type { NodeKind } from '../graph/node-kind';
import type { GraphNode, MapRef } from '../graph/nodes';
import { definedRefs } from '../graph/refs';
import { inputWidth, projectionAxes, projectionWidth } from '../graph/shape-checks';

export interface ProjectionSpec {
  weight: string;
  bias?: string;
  activation?: string;
}

export type QkFusion = 'separate' | 'eq_t_map' | 'joint';

export interface AttentionNode extends GraphNode {
  kind: 'attention';
  id: string;
  input: MapRef;
  q: ProjectionSpec;
  k: ProjectionSpec;
  v: ProjectionSpec;
  o: ProjectionSpec;
  heads: number;
  /** Overrides the fusion option of the same name for this node. */
  qkFusion?: QkFusion;
  fixedOutput?: boolean;
}

const projections = (node: AttentionNode) => [node.q, node.k, node.v, node.o];

/** The inner feature spaces: queries and keys share one, values have another; both keep heads whole. */
function innerSpaces(node: AttentionNode) {
  const heads = { count: node.heads, group: `${node.id}:heads` };
  return { qk: { id: `${node.id}:qk`, heads }, v: { id: `${node.id}:v`, heads } };
}

/** Multi-head self-attention: Q, K, V take the incoming map, O takes V's and emits the node's map. */
export const ATTENTION: NodeKind<AttentionNode> = {
  kind: 'attention',
  description: "multi-head self-attention: Q, K and V take the incoming map, O takes V's map and emits the node's",
  ownedParameters: (node) => projections(node).flatMap((p) => (p.bias ? [p.weight, p.bias] : [p.weight])),
  mapInputs: (node) => definedRefs(node.input),
  activationKeys: (node) => ({ alignment: definedRefs(...projections(node).map((p) => p.activation)), residual: [] }),
  fixedOutput: (node) => node.fixedOutput === true,
  checkShapes(node, shapes, widths) {
    const incoming = inputWidth(node.input, widths);
    const label = `the incoming width (from '${node.input}')`;
    const q = projectionWidth(node.q, shapes, incoming, label);
    const k = projectionWidth(node.k, shapes, incoming, label);
    if (q !== k) throw new FusionError('SHAPE_MISMATCH', `query width ${q} differs from key width ${k}`, [node.k.weight]);
    const v = projectionWidth(node.v, shapes, incoming, label);
    if (q % node.heads !== 0) {
      throw new FusionError('SHAPE_MISMATCH', `width ${q} is not divisible by ${node.heads} heads`, [node.q.weight]);
    }
    return projectionWidth(node.o, shapes, v, 'the value width');
  },
  align: alignAttention,
  permutation(node) {
    const inner = innerSpaces(node);
    const output = node.fixedOutput ? null : node.id;
    const axes: PermutedAxis[] = [
      ...projectionAxes(node.q, node.input, inner.qk.id),
      ...projectionAxes(node.k, node.input, inner.qk.id),
      ...projectionAxes(node.v, node.input, inner.v.id),
      ...projectionAxes(node.o, inner.v.id, output),
    ];
    return { spaces: [inner.qk, inner.v, ...(output ? [{ id: output }] : [])], joins: [], axes, copies: [] };
  },
  drawing: { fill: '#fbefff', stroke: '#8250df', what: 'self-attention' },
};
