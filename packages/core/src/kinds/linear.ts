import { FusionError } from '../errors';
import { alignLinear } from '../engine/handlers/linear';
import type { NodeKind } from '../graph/node-kind';
import type { GraphNode, MapRef } from '../graph/nodes';
import { definedRefs } from '../graph/refs';
import { expectDim, inputWidth, projectionAxes, projectionWidth, shapeOf } from '../graph/shape-checks';

export interface LinearNode extends GraphNode {
  kind: 'linear';
  id: string;
  /** `[out, in]`, or a convolution `[out, in, ...kernel]` whose input map applies per kernel position. */
  weight: string;
  bias?: string;
  input: MapRef;
  /** Activation key of this layer's output (what the plugin's forward pass captures). */
  activation?: string;
  /** The output neurons are fixed (classifier): no output map; the bias is averaged as is. */
  fixedOutput?: boolean;
  /** Not fused: the anchor's parameters are kept as they are (e.g. a classifier with `fuse_gen: false`). */
  anchorOnly?: boolean;
  /**
   * Align the output neurons by this node's map instead of solving one: the layer must output in
   * that node's features (BERT's MLM transform feeds a decoder that is the word-embedding table).
   */
  outputMap?: string;
  /**
   * `weight` is another node's parameter, stored once and read here too (a decoder tied to an
   * embedding table): this node owns only its bias. Needs `fixedOutput`; its input must carry
   * the map that aligned the table's features (see `outputMap`).
   */
  tiedWeight?: boolean;
}

/** A linear or convolution layer: takes its input's map, solves its own output map unless fixed. */
export const LINEAR: NodeKind<LinearNode> = {
  kind: 'linear',
  description: 'a linear or convolution layer: input axis by the incoming map, output axis by its own map',
  ownedParameters(node) {
    if (node.tiedWeight) return node.bias ? [node.bias] : [];
    return node.bias ? [node.weight, node.bias] : [node.weight];
  },
  mapInputs: (node) => definedRefs(node.input, node.outputMap),
  activationKeys: (node) => ({ alignment: definedRefs(node.activation), residual: [] }),
  sharedParameters: (node) => (node.tiedWeight ? [node.weight] : []),
  fixedOutput: (node) => node.fixedOutput === true,
  validate(node, graph) {
    // A tied weight keeps the rows of its table; an output map replaces a solved one, so the output is not fixed.
    if (node.tiedWeight && !graph.owner.has(node.weight)) {
      throw new FusionError('GRAPH_INVALID', `its weight is tied to '${node.weight}', which no node owns`, [node.id]);
    }
    if (node.tiedWeight && !node.fixedOutput) {
      throw new FusionError('GRAPH_INVALID', 'a tied weight keeps the rows of the table it is tied to: declare fixedOutput', [node.id]);
    }
    if (node.outputMap !== undefined && node.fixedOutput) {
      throw new FusionError('GRAPH_INVALID', `takes the output map of '${node.outputMap}', so its output cannot also be fixed`, [node.id]);
    }
  },
  checkShapes(node, shapes, widths) {
    const width = projectionWidth(node, shapes, inputWidth(node.input, widths), `the incoming width (from '${node.input}')`);
    if (node.outputMap !== undefined) {
      expectDim(node.weight, shapeOf(shapes, node.weight), 0, widths.get(node.outputMap), `the width of '${node.outputMap}', whose map aligns this output,`);
    }
    return width;
  },
  align: alignLinear,
  permutation(node) {
    const joins: [string, string][] = node.outputMap !== undefined ? [[node.id, node.outputMap]] : [];
    if (node.tiedWeight) {
      // The weight is permuted by its owner; the bias has fixed outputs.
      return { spaces: [], joins, axes: [], copies: [] };
    }
    const output = node.fixedOutput ? null : node.id;
    return { spaces: output ? [{ id: output }] : [], joins, axes: projectionAxes(node, node.input, output), copies: [] };
  },
  drawing: { fill: '#ddf4ff', stroke: '#0969da', what: 'linear' },
};
