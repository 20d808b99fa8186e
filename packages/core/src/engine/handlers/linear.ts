import type { LinearNode } from '../../graph/nodes';
import type { AlignContext, Aligned } from './context';
import { alignProjection, keepOutputs, loadInputAligned } from './projection';

/** A linear (or convolution) layer: input alignment, then its own output map unless fixed; or the anchor's, unfused. */
export function alignLinear(node: LinearNode, ctx: AlignContext): Aligned {
  if (node.anchorOnly) {
    const params = new Map([[node.weight, ctx.anchor.tensor(node.weight)]]);
    if (node.bias) params.set(node.bias, ctx.anchor.tensor(node.bias));
    return { params, map: null };
  }
  const inputMap = ctx.inputMap(node.input);
  if (node.fixedOutput) {
    return { params: keepOutputs(loadInputAligned(ctx, node.weight, node.bias, inputMap)), map: null };
  }
  return alignProjection(ctx, node, inputMap, node.id);
}
