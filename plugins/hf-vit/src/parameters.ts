import { FusionError, formatShape } from '@otfuse/core';
import * as tf from '@tensorflow/tfjs';
import { VitConfig, patchGrid } from './config';
import {
  VIT_CLASSIFIER,
  VIT_CLS_TOKEN,
  VIT_FINAL_LAYERNORM,
  VIT_PATCH_PROJECTION,
  VIT_POSITION_EMBEDDINGS,
  vitLayerKey,
  vitParam,
} from './names';

/**
 * Every parameter of the model with its shape, in the order of PyTorch's `named_parameters()`
 * (the order HuggingFace writes `model.safetensors`).
 */
export function vitParameterShapes(config: VitConfig): Map<string, number[]> {
  const { hiddenSize: h, intermediateSize: m, numChannels: c, patchSize: p, numLabels } = config;
  const shapes = new Map<string, number[]>();
  const linear = (module: string, out: number, inp: number, bias = true) => {
    shapes.set(vitParam(module, 'weight'), [out, inp]);
    if (bias) shapes.set(vitParam(module, 'bias'), [out]);
  };
  const norm = (module: string) => {
    shapes.set(vitParam(module, 'weight'), [h]);
    shapes.set(vitParam(module, 'bias'), [h]);
  };
  shapes.set(VIT_CLS_TOKEN, [1, 1, h]);
  shapes.set(VIT_POSITION_EMBEDDINGS, [1, patchGrid(config).tokens, h]);
  shapes.set(vitParam(VIT_PATCH_PROJECTION, 'weight'), [h, c, p, p]);
  shapes.set(vitParam(VIT_PATCH_PROJECTION, 'bias'), [h]);
  for (let i = 0; i < config.numLayers; i++) {
    for (const part of ['query', 'key', 'value'] as const) linear(vitLayerKey(i, `attention.attention.${part}`), h, h, config.qkvBias);
    linear(vitLayerKey(i, 'attention.output.dense'), h, h);
    linear(vitLayerKey(i, 'intermediate.dense'), m, h);
    linear(vitLayerKey(i, 'output.dense'), h, m);
    norm(vitLayerKey(i, 'layernorm_before'));
    norm(vitLayerKey(i, 'layernorm_after'));
  }
  norm(VIT_FINAL_LAYERNORM);
  linear(VIT_CLASSIFIER, numLabels, h);
  return shapes;
}

/** Throws BAD_WEIGHTS naming the first missing or mis-shaped parameter. */
export function checkVitParams(config: VitConfig, params: Readonly<Record<string, tf.Tensor>>): void {
  for (const [key, expected] of vitParameterShapes(config)) {
    const found = params[key];
    if (!found) throw new FusionError('BAD_WEIGHTS', `missing parameter '${key}' (expected shape ${formatShape(expected)})`);
    if (found.shape.length !== expected.length || found.shape.some((d, i) => d !== expected[i])) {
      throw new FusionError('BAD_WEIGHTS', `parameter '${key}': expected shape ${formatShape(expected)}, got ${formatShape(found.shape)}`);
    }
  }
}
