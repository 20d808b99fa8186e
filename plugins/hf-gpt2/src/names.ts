import { moduleParam } from '@otfuse/core';

/** HuggingFace module names of `GPT2LMHeadModel`: the capture keys, and the prefixes of parameter names. */
export const GPT2_WTE = 'transformer.wte';
export const GPT2_WPE = 'transformer.wpe';
/** The embeddings' sum (`wte + wpe`, then dropout): the first block's input, `hidden_states[0]`. */
export const GPT2_EMBEDDINGS = 'transformer.drop';
export const GPT2_LN_F = 'transformer.ln_f';
/** `GPT2Model`'s output: the final LayerNorm's. */
export const GPT2_TRANSFORMER = 'transformer';
/** The decoder: `lm_head.weight` is `transformer.wte.weight` (tied; stored once, as `transformers` stores it). */
export const GPT2_LM_HEAD = 'lm_head';

/** Template of a block's module name, for `name(template, { i })` from @otfuse/core. */
export const GPT2_BLOCK = 'transformer.h.{i}';

/**
 * Sub-modules of a pre-LN block, by path inside the block, in execution order. `attn.c_attn` is
 * the fused Q | K | V projection; `attn.c_attn.query`, `.key` and `.value` are its three parts
 * (not modules of their own in `transformers`: the attention node describes Q, K and V neurons by
 * them). `attn.attn_dropout` is applied to the attention probabilities, so it captures them.
 * `attn` is the attention sub-block's output (after `c_proj`), `mlp` the MLP's.
 */
export const GPT2_BLOCK_PARTS = [
  'ln_1',
  'attn.c_attn',
  'attn.c_attn.query',
  'attn.c_attn.key',
  'attn.c_attn.value',
  'attn.attn_dropout',
  'attn.c_proj',
  'attn',
  'ln_2',
  'mlp.c_fc',
  'mlp.act',
  'mlp.c_proj',
  'mlp',
] as const;
export type Gpt2BlockPart = (typeof GPT2_BLOCK_PARTS)[number];

/** The module name of block `i`, or of one of its parts. */
export function gpt2BlockKey(i: number, part?: Gpt2BlockPart): string {
  return part === undefined ? `transformer.h.${i}` : `transformer.h.${i}.${part}`;
}

/** A module's parameter name: `gpt2Param('transformer.ln_f', 'weight')` is `transformer.ln_f.weight`. */
export const gpt2Param = moduleParam;
