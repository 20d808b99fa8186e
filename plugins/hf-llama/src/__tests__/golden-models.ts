import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights, ModelToFuse, packDecoderInputs } from '@otfuse/core';
import { readGoldenJson, readGoldenTensors } from '@otfuse/testing';
import { LlamaConfig, normalizeLlamaConfig } from '../config';

export type GoldenLlama = 'llama' | 'llama-perm';

/** A decoder-tiny Llama folder (written by `transformers`' `save_pretrained`) in host memory. */
export function loadGoldenLlama(set: GoldenLlama): ModelToFuse<LlamaConfig> & { weights: InMemoryWeights } {
  const config = normalizeLlamaConfig(readGoldenJson<Record<string, unknown>>('decoder-tiny', set, 'config.json'));
  const tensors = readGoldenTensors('decoder-tiny', set, 'model.safetensors');
  return { config, weights: new InMemoryWeights(Object.fromEntries(tensors)) };
}

/** clm-data's `[40, 2, 16]` inputs: ids and attention mask (the last 3 positions of the second half are padding). */
export function clmInputs(): tf.Tensor3D {
  const data = readGoldenTensors('decoder-tiny', 'clm-data.safetensors');
  const ids = data.get('input_ids');
  const mask = data.get('attention_mask');
  if (!ids || !mask) throw new Error('clm-data.safetensors has no input_ids or attention_mask');
  const [count, length] = ids.shape;
  return packDecoderInputs({ inputIds: ids.data, attentionMask: mask.data }, count, length);
}

/** `transformers`' outputs on clm-data: `logits` and `hidden_states.<i>`. */
export function goldenOutput(name: string): { shape: number[]; data: Float32Array } {
  const t = readGoldenTensors('decoder-tiny', 'llama-outputs.safetensors').get(name);
  if (!t) throw new Error(`llama-outputs.safetensors has no '${name}'`);
  return t;
}
