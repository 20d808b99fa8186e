import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights } from '@otfuse/core';
import { readModelFolder } from '@otfuse/io';
import { goldenPath, readGoldenTensors } from '@otfuse/testing';
import { BertConfig, normalizeBertConfig } from '../config';
import { packBertInputs } from '../inputs';

export type GoldenSet = 'bert-tiny' | 'bert-tiny-perm';
export type GoldenHead = 'mlm' | 'seqcls';

export interface LoadedBert {
  config: BertConfig;
  configJson: Record<string, unknown>;
  weights: InMemoryWeights;
}

/** A golden HuggingFace folder in host memory. */
export function loadGoldenBert(set: GoldenSet, head: GoldenHead): LoadedBert {
  const folder = readModelFolder(goldenPath(set, head));
  try {
    const tensors = Object.fromEntries(
      folder.weights.names().map((n) => {
        const t = folder.weights.readAsFloat32(n);
        return [n, { shape: [...t.shape], data: t.data }];
      }),
    );
    return { config: normalizeBertConfig(folder.config), configJson: folder.config, weights: new InMemoryWeights(tensors) };
  } finally {
    folder.weights.close();
  }
}

/** The golden inputs `[6, 3, 24]` (ids, mask, token types), padded with id 0. */
export function goldenInputs(): tf.Tensor3D {
  const golden = readGoldenTensors('bert-tiny', 'inputs.safetensors');
  const row = (name: string) => {
    const t = golden.get(name);
    if (!t) throw new Error(`inputs.safetensors has no ${name}`);
    return t;
  };
  const [count, length] = row('input_ids').shape;
  return packBertInputs({ inputIds: row('input_ids').data, attentionMask: row('attention_mask').data, tokenTypeIds: row('token_type_ids').data }, count, length);
}
