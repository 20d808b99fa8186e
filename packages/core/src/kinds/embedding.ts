import { FusionError } from '../errors';
import { alignEmbedding } from '../engine/handlers/embedding';
import type { NodeKind } from '../graph/node-kind';
import type { GraphNode } from '../graph/nodes';
import { definedRefs } from '../graph/refs';
import { shapeOf } from '../graph/shape-checks';

export interface EmbeddingNode extends GraphNode {
  kind: 'embedding';
  id: string;
  /** A table whose last axis holds the features being aligned. */
  param: string;
  /** Describe features by this captured activation instead of the table's own values. */
  activation?: string;
  /** `false` when the map must not flow on (e.g. a CLS token aligned on its own). */
  propagate?: boolean;
  /**
   * The node whose output features this table's last axis lives in, when its own map does not
   * flow (a CLS token added to the residual stream). Alignment still solves the table's own map;
   * function-preserving permutations use the shared feature space.
   */
  featureSpace?: string;
}

/** A table whose last axis holds features: solves a map from its columns or from an activation. */
export const EMBEDDING: NodeKind<EmbeddingNode> = {
  kind: 'embedding',
  description: 'a table whose last axis holds features (word, position or CLS embeddings): solves its own map',
  ownedParameters: (node) => [node.param],
  mapInputs: () => [],
  activationKeys: (node) => ({ alignment: definedRefs(node.activation), residual: [] }),
  validate(node, graph) {
    if (node.featureSpace !== undefined && !graph.ids.has(node.featureSpace)) {
      throw new FusionError('GRAPH_INVALID', `shares the features of unknown node '${node.featureSpace}'`, [node.id]);
    }
  },
  checkShapes: (node, shapes) => shapeOf(shapes, node.param).at(-1),
  align: alignEmbedding,
  permutation(node) {
    const space = node.featureSpace ?? node.id;
    return { spaces: node.featureSpace ? [] : [{ id: node.id }], joins: [], axes: [{ param: node.param, axis: -1, space }], copies: [] };
  },
  drawing: { fill: '#fff8c5', stroke: '#9a6700', what: 'embedding' },
};
