import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights } from '@otfuse/core';
import { goldenPath, readGoldenTensors, readHostFolder } from '@otfuse/testing';
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
export const loadGoldenBert = (set: GoldenSet, head: GoldenHead): LoadedBert => loadBertFolder(goldenPath(set, head));

/** A HuggingFace BERT folder in host memory. */
export function loadBertFolder(dir: string): LoadedBert {
  const { configJson, weights } = readHostFolder(dir);
  return { config: normalizeBertConfig(configJson), configJson, weights };
}

/** The golden inputs `[6, 3, 24]` (ids, mask, token types), padded with id 0. */
export const goldenInputs = (): tf.Tensor3D => packedInputs(readGoldenTensors('bert-tiny', 'inputs.safetensors'));

/** `input_ids`, `attention_mask` and `token_type_ids` of a stored inputs file, packed. */
export function packedInputs(golden: Map<string, { shape: number[]; data: Float32Array }>): tf.Tensor3D {
  const row = (name: string) => {
    const t = golden.get(name);
    if (!t) throw new Error(`the inputs have no ${name}`);
    return t;
  };
  const [count, length] = row('input_ids').shape;
  return packBertInputs({ inputIds: row('input_ids').data, attentionMask: row('attention_mask').data, tokenTypeIds: row('token_type_ids').data }, count, length);
}
