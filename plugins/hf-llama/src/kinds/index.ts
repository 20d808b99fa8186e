import { registerNodeKind } from '@otfuse/core';
import { ROPE_GQA_ATTENTION } from './rope-attention';
import { SWIGLU_MLP } from './swiglu';

export { ROPE_GQA_ATTENTION } from './rope-attention';
export type { AttentionProjection, RopeAttentionNode } from './rope-attention';
export { SWIGLU_MLP } from './swiglu';
export type { ProjectionNames, SwigluNode } from './swiglu';

/** Registers the plugin's node kinds with core (idempotent: the same kind registered again is a no-op). */
export function registerLlamaKinds(): void {
  registerNodeKind(ROPE_GQA_ATTENTION);
  registerNodeKind(SWIGLU_MLP);
}
