import type { HfActivation } from '@otfuse/core';

/** HuggingFace `ACT2FN` names this plugin computes exactly as `transformers` does (see core's `activate`). */
export const ACTIVATIONS = ['relu', 'gelu', 'silu', 'swish', 'tanh'] as const satisfies readonly HfActivation[];
export type Activation = (typeof ACTIVATIONS)[number];
export { activate } from '@otfuse/core';
