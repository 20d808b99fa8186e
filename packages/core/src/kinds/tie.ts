import { FusionError, formatShape } from '../errors';
import type { NodeKind } from '../graph/node-kind';
import type { GraphNode } from '../graph/nodes';
import { shapeOf } from '../graph/shape-checks';

export interface TieNode extends GraphNode {
  kind: 'tie';
  id: string;
  /** A parameter whose fused value is another parameter's fused value. */
  param: string;
  sameAs: string;
}

/** A parameter stored twice that is one value (BERT's decoder and word embeddings): copied once fused. */
export const TIE: NodeKind<TieNode> = {
  kind: 'tie',
  description: "a parameter whose fused value is another parameter's fused value",
  ownedParameters: (node) => [node.param],
  mapInputs: () => [],
  sharedParameters: (node) => [node.sameAs],
  validate(node, graph) {
    if (!graph.owner.has(node.sameAs)) throw new FusionError('GRAPH_INVALID', `ties to '${node.sameAs}', which no node owns`, [node.id]);
  },
  checkShapes(node, shapes) {
    const own = shapeOf(shapes, node.param);
    const other = shapeOf(shapes, node.sameAs);
    if (formatShape(own) !== formatShape(other)) {
      throw new FusionError('SHAPE_MISMATCH', `tied to '${node.sameAs}' ${formatShape(other)} but is ${formatShape(own)}`, [node.param]);
    }
    return undefined;
  },
  derive(node, fused) {
    const source = fused.get(node.sameAs);
    if (!source) throw new FusionError('GRAPH_INVALID', `'${node.sameAs}' is not fused before its tie`);
    return new Map([[node.param, { shape: [...source.shape], data: source.data.slice() }]]);
  },
  permutation: (node) => ({ spaces: [], joins: [], axes: [], copies: [{ param: node.param, of: node.sameAs }] }),
  drawing: { fill: '#f6f8fa', stroke: '#57606a', what: 'tied' },
};
