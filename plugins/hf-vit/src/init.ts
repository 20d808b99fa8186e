import { HostTensor, hfTransformerDraws, initParameters } from '@otfuse/core';
import { VisionConfig, VitConfig } from './config';
import { VisionFamily } from './family';
import { VIT } from './families/vit';
import { visionStoredParameters } from './parameters';

/**
 * Seeded parameters drawn as HuggingFace's `ViTPreTrainedModel._init_weights` draws them:
 * linear and patch-convolution weights, the prepended tokens and position embeddings from
 * N(0, initializer_range²); biases 0; LayerNorm weights 1. HuggingFace truncates the normal at
 * ±2 (absolute), over 60 standard deviations at the usual 0.02, so a plain normal is the same
 * distribution. (transformers 5.18 zeroes DeiT's tokens and position embeddings; drawn, they
 * describe their features like any other table.) Parameters are drawn in `named_parameters()`
 * order: one seed, one model; named as the checkpoint names them.
 */
export function initVision(family: VisionFamily, config: VisionConfig, seed: number): Record<string, HostTensor> {
  return initParameters(visionStoredParameters(family, config), seed, hfTransformerDraws(config.initializerRange));
}

export const initVit = (config: VitConfig, seed: number) => initVision(VIT, config, seed);
