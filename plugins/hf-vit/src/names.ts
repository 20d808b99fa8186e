/**
 * HuggingFace module names of `ViTForImageClassification` (a `ViTModel` stores its modules
 * without the `vit.` prefix; see `vitStoredName`). Captured activations are keyed by
 * module name and parameters are `<module>.weight` / `<module>.bias`, exactly as `transformers`
 * names them, so a model folder written by HuggingFace reads without any renaming.
 */

export const VIT_PATCH_EMBEDDINGS = 'vit.embeddings.patch_embeddings';
/** The patch convolution; its parameters are the patch embedding's weight and bias. */
export const VIT_PATCH_PROJECTION = 'vit.embeddings.patch_embeddings.projection';
/** Patch embeddings with the CLS token prepended and position embeddings added. */
export const VIT_EMBEDDINGS = 'vit.embeddings';
export const VIT_CLS_TOKEN = 'vit.embeddings.cls_token';
export const VIT_POSITION_EMBEDDINGS = 'vit.embeddings.position_embeddings';
/** Output of the last encoder block (before the final layer norm). */
export const VIT_ENCODER = 'vit.encoder';
export const VIT_FINAL_LAYERNORM = 'vit.layernorm';
/** `ViTModel`'s output: the sequence after the final layer norm. */
export const VIT_MODEL = 'vit';
export const VIT_CLASSIFIER = 'classifier';
/** `ViTModel`'s pooler: dense + activation (tanh) on the CLS token after the final layer norm. */
export const VIT_POOLER = 'vit.pooler';
export const VIT_POOLER_DENSE = 'vit.pooler.dense';
export const VIT_POOLER_ACTIVATION = 'vit.pooler.activation';

/** Template of an encoder block's module name, for `name(template, { i })` from @otfuse/core. */
export const VIT_LAYER = 'vit.encoder.layer.{i}';

/**
 * Sub-modules of an encoder block, by their path inside the block. Several name the same
 * tensor (HuggingFace nests wrappers): `attention.output.dense`, `attention.output` and
 * `attention` are all the attention output projection; `intermediate` and
 * `intermediate.intermediate_act_fn` the MLP's hidden layer after GELU; `output` the block output.
 */
export const VIT_LAYER_PARTS = [
  'layernorm_before',
  'attention.attention.query',
  'attention.attention.key',
  'attention.attention.value',
  'attention.attention',
  'attention.output.dense',
  'attention.output',
  'attention',
  'layernorm_after',
  'intermediate.dense',
  'intermediate.intermediate_act_fn',
  'intermediate',
  'output.dense',
  'output',
] as const;
export type VitLayerPart = (typeof VIT_LAYER_PARTS)[number];

/** The module name of encoder block `i`, or of one of its parts. */
export function vitLayerKey(i: number, part?: VitLayerPart): string {
  return part === undefined ? `vit.encoder.layer.${i}` : `vit.encoder.layer.${i}.${part}`;
}

/** The same as a template with `{i}`, for graph declarations. */
export function vitLayerTemplate(part?: VitLayerPart): string {
  return part === undefined ? VIT_LAYER : `${VIT_LAYER}.${part}`;
}

/** A module's parameter name: `vitParam('classifier', 'weight')` is `classifier.weight`. */
export { moduleParam as vitParam } from '@otfuse/core';
