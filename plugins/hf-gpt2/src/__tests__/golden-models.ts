import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights, packDecoderInputs } from '@otfuse/core';
import { readModelFolder } from '@otfuse/io';
import { goldenPath, readGoldenTensors } from '@otfuse/testing';
import { Gpt2Config, normalizeGpt2Config } from '../config';

export type GoldenGpt2 = 'gpt2' | 'gpt2-perm';

export interface LoadedGpt2 {
  config: Gpt2Config;
  configJson: Record<string, unknown>;
  weights: InMemoryWeights;
}

/** A golden `transformers` folder of decoder-tiny in host memory. */
export function loadGoldenGpt2(set: GoldenGpt2): LoadedGpt2 {
  const folder = readModelFolder(goldenPath('decoder-tiny', set));
  try {
    const tensors = Object.fromEntries(
      folder.weights.names().map((n) => {
        const t = folder.weights.readAsFloat32(n);
        return [n, { shape: [...t.shape], data: t.data }];
      }),
    );
    return { config: normalizeGpt2Config(folder.config), configJson: folder.config, weights: new InMemoryWeights(tensors) };
  } finally {
    folder.weights.close();
  }
}

/** decoder-tiny's `clm-data`: 40 sequences of 16 positions (ids, mask), the last 3 positions of the second half padding. */
export function goldenClmInputs(): tf.Tensor3D {
  const data = readGoldenTensors('decoder-tiny', 'clm-data.safetensors');
  const row = (name: string) => {
    const t = data.get(name);
    if (!t) throw new Error(`clm-data.safetensors has no ${name}`);
    return t;
  };
  const [count, length] = row('input_ids').shape;
  return packDecoderInputs({ inputIds: row('input_ids').data, attentionMask: row('attention_mask').data }, count, length);
}
