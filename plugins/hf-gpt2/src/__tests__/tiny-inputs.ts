import * as tf from '@tensorflow/tfjs';
import { packDecoderInputs } from '@otfuse/core';
import { seededFloats } from '@otfuse/testing';
import { Gpt2Config } from '../config';

/**
 * `count` seeded sequences of `length` positions: random ids, a random real length of at least 3
 * with padding (id 0, mask 0) after it, as a right-padded causal-LM batch.
 */
export function tinyGpt2Inputs(config: Gpt2Config, count: number, seed: number, length = 8): tf.Tensor3D {
  const random = seededFloats(seed);
  const ids = new Int32Array(count * length);
  const mask = new Int32Array(count * length);
  for (let s = 0; s < count; s++) {
    const real = 3 + Math.floor(random() * (length - 2));
    for (let t = 0; t < real; t++) {
      ids[s * length + t] = 1 + Math.floor(random() * (config.vocabSize - 1));
      mask[s * length + t] = 1;
    }
  }
  return packDecoderInputs({ inputIds: ids, attentionMask: mask }, count, length);
}
