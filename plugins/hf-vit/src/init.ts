import { HostTensor, hfTransformerDraws, initParameters } from '@otfuse/core';
import { VitConfig } from './config';
import { vitStoredParameters } from './parameters';

/**
 * Seeded parameters drawn as HuggingFace's `ViTPreTrainedModel._init_weights` draws them:
 * linear and patch-convolution weights, the CLS token and position embeddings from
 * N(0, initializer_range²); biases 0; LayerNorm weights 1. HuggingFace truncates the normal at
 * ±2 (absolute), over 60 standard deviations at the usual 0.02, so a plain normal is the same
 * distribution. Parameters are drawn in `named_parameters()` order: one seed, one model; named as the checkpoint names them.
 */
export function initVit(config: VitConfig, seed: number): Record<string, HostTensor> {
  return initParameters(vitStoredParameters(config), seed, hfTransformerDraws(config.initializerRange));
}
