import * as tf from '@tensorflow/tfjs';
import { seededFloats } from '@otfuse/testing';
import { EncoderConfig } from '../config';
import { packBertInputs } from '../inputs';

/**
 * `count` seeded sequences of `length` positions: id 2 first (a CLS stand-in), random ids
 * from 3 up, a random real length of at least 3 with padding (the config's pad id) after it, and
 * a second segment (token type 1) on every other sequence where the model has two token types.
 */
export function tinyInputs(config: EncoderConfig, count: number, seed: number, length = 8): tf.Tensor3D {
  const random = seededFloats(seed);
  const ids = new Int32Array(count * length).fill(config.padTokenId);
  const mask = new Int32Array(count * length);
  const types = new Int32Array(count * length);
  for (let s = 0; s < count; s++) {
    const real = 3 + Math.floor(random() * (length - 2));
    const secondSegment = s % 2 === 1 && config.typeVocabSize > 1 ? Math.floor(real / 2) : real;
    for (let t = 0; t < real; t++) {
      const i = s * length + t;
      ids[i] = t === 0 ? 2 : 3 + Math.floor(random() * (config.vocabSize - 3));
      mask[i] = 1;
      types[i] = t >= secondSegment ? 1 : 0;
    }
  }
  return packBertInputs({ inputIds: ids, attentionMask: mask, tokenTypeIds: types }, count, length);
}
