import { ArchitecturePlugin, CheckpointLayout, firstDifference } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { GPT2_CAPTURE_PARAMETERS } from './capture';
import { GPT2_ARCHITECTURE, GPT2_MODEL_TYPE, Gpt2Config, gpt2ConfigJson, normalizeGpt2Config } from './config';
import { gpt2Forward, gpt2Stages } from './forward';
import { gpt2Graph } from './graph';
import { GPT2_LM_HEAD, GPT2_TRANSFORMER, GPT2_WTE, gpt2Param } from './names';
import { gpt2ParameterShapes, initGpt2 } from './parameters';

/**
 * Files beside the weights every folder written from a GPT-2 carries where its anchor has them:
 * the generation defaults `save_pretrained` writes, what `GPT2TokenizerFast.save_pretrained` writes, and the
 * WordPiece `vocab.txt` of models otfuse trains on its text data sets.
 */
export const GPT2_SIDE_FILES: readonly string[] = ['generation_config.json', 'vocab.json', 'merges.txt', 'vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

/**
 * As `GPT2LMHeadModel.from_pretrained` reads hub checkpoints: old ones (`gpt2`'s
 * `pytorch_model.bin`) store `GPT2Model`'s tensors without `transformer.` (`wte.weight`,
 * `h.0.attn.c_attn.weight`), and a state dict saved by PyTorch holds `lm_head.weight`, the tie to `wte`.
 */
export const GPT2_CHECKPOINT_LAYOUT: CheckpointLayout = {
  basePrefix: `${GPT2_TRANSFORMER}.`,
  ties: [[gpt2Param(GPT2_LM_HEAD, 'weight'), gpt2Param(GPT2_WTE, 'weight')]],
};

/**
 * Two GPT-2s fuse when only their MLP widths (n_inner) differ. The hidden size must agree too:
 * Q, K and V are views of slices of c_attn, and a graph's views have its anchor's widths.
 */
export function gpt2Incompatibility(a: Gpt2Config, b: Gpt2Config): string | undefined {
  return firstDifference(a, b, [
    { what: 'depth', key: 'n_layer', of: (c) => c.numLayers },
    { what: 'head count', key: 'n_head', of: (c) => c.numHeads },
    { what: 'vocabulary', key: 'vocab_size', of: (c) => c.vocabSize },
    { what: 'position count', key: 'n_positions', of: (c) => c.maxPositions },
    { what: 'activation', key: 'activation_function', of: (c) => c.activation },
    { what: 'score scaling', key: 'scale_attn_weights', of: (c) => c.scaleAttnWeights },
  ]);
}

@injectable()
export class Gpt2Architecture implements ArchitecturePlugin<Gpt2Config> {
  readonly id = 'hf-gpt2';
  readonly description = 'HuggingFace GPT2LMHeadModel (pre-LN causal decoder, fused Conv1D c_attn, lm_head tied to wte, padding mask)';
  readonly parameters = GPT2_CAPTURE_PARAMETERS;
  readonly sideFiles = GPT2_SIDE_FILES;

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    const architectures = configJson.architectures;
    return configJson.model_type === GPT2_MODEL_TYPE && (architectures === undefined || (Array.isArray(architectures) && architectures.includes(GPT2_ARCHITECTURE)));
  }

  normalizeConfig = normalizeGpt2Config;
  configJson = (config: Gpt2Config) => gpt2ConfigJson(config);
  graph = gpt2Graph;
  stages = gpt2Stages;
  forward = gpt2Forward;
  parameterShapes = gpt2ParameterShapes;
  init = initGpt2;
  /** A next-token language model: `@otfuse/train`'s `causal-lm` task. */
  task = (_config: Gpt2Config) => 'causal-lm';
  incompatibility = gpt2Incompatibility;
  checkpointLayout = (_config: Gpt2Config) => GPT2_CHECKPOINT_LAYOUT;
}
