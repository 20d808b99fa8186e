import { FusionError } from '../errors';
import { alignNorm } from '../engine/handlers/norm';
import type { NodeKind } from '../graph/node-kind';
import type { GraphNode, MapRef } from '../graph/nodes';
import { definedRefs } from '../graph/refs';
import { expectDim, inputWidth, shapeOf } from '../graph/shape-checks';

export interface NormNode extends GraphNode {
  kind: 'norm';
  id: string;
  /** Per-feature vectors (LayerNorm γ/β, BatchNorm γ/β/mean/var); the feature axis is last. */
  params: string[];
  input: MapRef;
  /**
   * BatchNorm running statistics, two of `params`: the mean follows the map like every vector,
   * the variance becomes the variance of the mixture of neurons the map blends.
   */
  runningStatistics?: { mean: string; variance: string };
}

/** Per-feature vectors that follow the incoming map, which passes on unchanged. */
export const NORM: NodeKind<NormNode> = {
  kind: 'norm',
  description: 'per-feature vectors (LayerNorm, BatchNorm) that follow the incoming map and pass it on',
  ownedParameters: (node) => [...node.params],
  mapInputs: (node) => definedRefs(node.input),
  validate(node) {
    for (const param of Object.values(node.runningStatistics ?? {})) {
      if (!node.params.includes(param)) throw new FusionError('GRAPH_INVALID', `running statistic '${param}' is not one of its params`, [node.id]);
    }
  },
  checkShapes(node, shapes, widths) {
    const width = inputWidth(node.input, widths);
    for (const param of node.params) expectDim(param, shapeOf(shapes, param), -1, width, `the incoming width (from '${node.input}')`);
    return width ?? shapeOf(shapes, node.params[0]).at(-1);
  },
  align: alignNorm,
  permutation(node) {
    if (node.input === null) return { spaces: [], joins: [], axes: [], copies: [] };
    const input = node.input;
    return { spaces: [], joins: [[node.id, input]], axes: node.params.map((param) => ({ param, axis: -1, space: input })), copies: [] };
  },
  drawing: { fill: '#dafbe1', stroke: '#1a7f37', what: 'norm', rounded: true },
};
