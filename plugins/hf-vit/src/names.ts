/**
 * HuggingFace module names of `ViTForImageClassification`, from the ViT family (`families/vit.ts`;
 * a `ViTModel` stores its modules without the `vit.` prefix; see `vitStoredName`). Captured
 * activations are keyed by module name and parameters are `<module>.weight` / `<module>.bias`,
 * exactly as `transformers` names them, so a model folder written by HuggingFace reads without
 * any renaming.
 */
import { name } from '@otfuse/core';
import { VisionFamily } from './family';
import { VIT } from './families/vit';

export const VIT_PATCH_EMBEDDINGS = VIT.embeddings.patches;
/** The patch convolution; its parameters are the patch embedding's weight and bias. */
export const VIT_PATCH_PROJECTION = VIT.embeddings.projection;
/** Patch embeddings with the CLS token prepended and position embeddings added. */
export const VIT_EMBEDDINGS = VIT.embeddings.module;
export const VIT_CLS_TOKEN = VIT.embeddings.tokens[0];
export const VIT_POSITION_EMBEDDINGS = VIT.embeddings.position;
/** Output of the last encoder block (before the final layer norm). */
export const VIT_ENCODER = VIT.encoder;
export const VIT_FINAL_LAYERNORM = VIT.finalNorm;
/** `ViTModel`'s output: the sequence after the final layer norm. */
export const VIT_MODEL = VIT.model;
export const VIT_CLASSIFIER = VIT.heads.classification.outputs[0].module;
/** `ViTModel`'s pooler: dense + activation (tanh) on the CLS token after the final layer norm. */
export const VIT_POOLER = 'vit.pooler';
export const VIT_POOLER_DENSE = VIT.heads.base.pooler.dense;
export const VIT_POOLER_ACTIVATION = VIT.heads.base.pooler.activated[0];

/** Template of an encoder block's module name, for `name(template, { i })` from @otfuse/core. */
export const VIT_LAYER = VIT.layer;

/**
 * Sub-modules of an encoder block, by their path inside the block: the same in every family.
 * Several name the same tensor (HuggingFace nests wrappers): `attention.output.dense`,
 * `attention.output` and `attention` are all the attention output projection; `intermediate` and
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

/** The module name of a family's encoder block `i`, or of one of its parts. */
export function layerKey(family: VisionFamily, i: number, part?: VitLayerPart): string {
  const block = name(family.layer, { i });
  return part === undefined ? block : `${block}.${part}`;
}

/** The module name of ViT's encoder block `i`, or of one of its parts. */
export const vitLayerKey = (i: number, part?: VitLayerPart): string => layerKey(VIT, i, part);

/** The same as a template with `{i}`, for graph declarations. */
export function vitLayerTemplate(part?: VitLayerPart): string {
  return part === undefined ? VIT_LAYER : `${VIT_LAYER}.${part}`;
}

/** A module's parameter name: `vitParam('classifier', 'weight')` is `classifier.weight`. */
export { moduleParam as vitParam } from '@otfuse/core';
