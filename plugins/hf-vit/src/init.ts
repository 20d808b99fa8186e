import { HostTensor } from '@otfuse/core';
import { SeededRandom } from '@otfuse/extension';
import { VitConfig } from './config';
import { vitParameterShapes } from './parameters';

const LAYER_NORM_WEIGHT = /(^|\.)layernorm(_before|_after)?\.weight$/;

/**
 * Seeded parameters drawn as HuggingFace's `ViTPreTrainedModel._init_weights` draws them:
 * linear and patch-convolution weights, the CLS token and position embeddings from
 * N(0, initializer_range²); biases 0; LayerNorm weights 1. HuggingFace truncates the normal at
 * ±2 (absolute), over 60 standard deviations at the usual 0.02, so a plain normal is the same
 * distribution. Parameters are drawn in `named_parameters()` order: one seed, one model.
 */
export function initVit(config: VitConfig, seed: number): Record<string, HostTensor> {
  const random = new SeededRandom(seed);
  const params: Record<string, HostTensor> = {};
  for (const [name, shape] of vitParameterShapes(config)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (LAYER_NORM_WEIGHT.test(name)) data.fill(1);
    else if (!name.endsWith('.bias')) for (let j = 0; j < size; j++) data[j] = random.nextNormal() * config.initializerRange;
    params[name] = { shape: [...shape], data };
  }
  return params;
}
