import type { LinearNode } from '../../graph/nodes';
import type { AlignContext, Aligned } from './context';
import { alignProjection, keepOutputs, loadInputAligned } from './projection';

/** A linear (or convolution) layer: input alignment, then its own output map unless fixed. */
export function alignLinear(node: LinearNode, ctx: AlignContext): Aligned {
  const inputMap = ctx.inputMap(node.input);
  if (node.fixedOutput) {
    return { params: keepOutputs(loadInputAligned(ctx, node.weight, node.bias, inputMap)), map: null };
  }
  return alignProjection(ctx, node, inputMap, node.id);
}
