import type * as tf from '@tensorflow/tfjs';
import type { LinearNode } from '../../graph/nodes';
import type { AlignContext, Aligned } from './context';
import { alignOutputs, alignProjection, keepOutputs, loadInputAligned } from './projection';

/** A linear (or convolution) layer: input alignment, then its own output map unless fixed; or the anchor's, unfused. */
export function alignLinear(node: LinearNode, ctx: AlignContext): Aligned {
  if (node.tiedWeight) return alignTiedBias(node, ctx);
  if (node.anchorOnly) {
    const params = new Map([[node.weight, ctx.anchor.tensor(node.weight)]]);
    if (node.bias) params.set(node.bias, ctx.anchor.tensor(node.bias));
    return { params, map: null };
  }
  const inputMap = ctx.inputMap(node.input);
  if (node.fixedOutput) {
    return { params: keepOutputs(loadInputAligned(ctx, node.weight, node.bias, inputMap)), map: null };
  }
  if (node.outputMap !== undefined) {
    // The output lives in another node's features: that node's map aligns it, none is solved.
    const map = ctx.inputMap(node.outputMap);
    const projection = loadInputAligned(ctx, node.weight, node.bias, inputMap);
    return map ? { params: alignOutputs(projection, map), map } : { params: keepOutputs(projection), map: null };
  }
  return alignProjection(ctx, node, inputMap, node.id);
}

/** A layer whose weight another node owns and fuses: only its bias is this node's (fixed outputs, averaged as is). */
function alignTiedBias(node: LinearNode, ctx: AlignContext): Aligned {
  const params = new Map<string, tf.Tensor>();
  if (node.bias) params.set(node.bias, (node.anchorOnly ? ctx.anchor : ctx.model).tensor(node.bias));
  return { params, map: null };
}
