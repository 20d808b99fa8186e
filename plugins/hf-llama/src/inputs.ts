import * as tf from '@tensorflow/tfjs';
import { FusionError, formatShape } from '@otfuse/core';
import { LlamaConfig } from './config';

/**
 * A causal LM's inputs travel as one tensor `[batch, 2, length]`: row 0 `input_ids`, row 1
 * `attention_mask` (1 on real tokens, 0 on padding). One tensor because the engine slices its
 * samples along the first axis; int32 or float32 (ids below 2^24 are exact in float32).
 */
export const LLAMA_INPUT_ROWS = ['input_ids', 'attention_mask'] as const;

/** Packs `[count · length]` ids (and a mask, all ones when absent) into the `[count, 2, length]` int32 input tensor. */
export function packLlamaInputs(inputIds: ArrayLike<number>, count: number, length: number, attentionMask?: ArrayLike<number>): tf.Tensor3D {
  const size = count * length;
  const packed = new Int32Array(count * 2 * length);
  [inputIds, attentionMask].forEach((row, r) => {
    if (row !== undefined && row.length !== size) throw new FusionError('SHAPE_MISMATCH', `${LLAMA_INPUT_ROWS[r]}: expected ${count} × ${length} = ${size} values, got ${row.length}`);
    for (let s = 0; s < count; s++) for (let t = 0; t < length; t++) packed[(s * 2 + r) * length + t] = row === undefined ? 1 : row[s * length + t];
  });
  return tf.tensor3d(packed, [count, 2, length], 'int32');
}

/** The inputs on the host, checked. */
export interface HostInputs {
  batch: number;
  length: number;
  ids: Int32Array;
  /** 1 on real tokens. */
  mask: Uint8Array;
}

/** Reads and checks a packed input tensor; errors name the row, the position and the bound. */
export function readInputs(config: LlamaConfig, inputs: tf.Tensor): HostInputs {
  if (inputs.rank !== 3 || inputs.shape[1] !== 2) {
    throw new FusionError('SHAPE_MISMATCH', `Llama inputs: expected [batch, 2, length] (${LLAMA_INPUT_ROWS.join(', ')}), got ${formatShape(inputs.shape)}`);
  }
  const [batch, , length] = inputs.shape;
  if (length > config.maxPositions) {
    throw new FusionError('SHAPE_MISMATCH', `Llama inputs: sequences of length ${length} exceed max_position_embeddings (${config.maxPositions})`);
  }
  const data = inputs.dataSync();
  const ids = new Int32Array(batch * length);
  const mask = new Uint8Array(batch * length);
  const bounds = [config.vocabSize, 2];
  for (let s = 0; s < batch; s++) {
    for (let r = 0; r < 2; r++) {
      for (let t = 0; t < length; t++) {
        const value = data[(s * 2 + r) * length + t];
        if (!Number.isInteger(value) || value < 0 || value >= bounds[r]) {
          throw new FusionError('BAD_OPTION', `${value} is out of range; expected an integer in [0, ${bounds[r]})`, ['Llama inputs', `${LLAMA_INPUT_ROWS[r]}[${s}, ${t}]`]);
        }
        (r === 0 ? ids : mask)[s * length + t] = value;
      }
    }
  }
  return { batch, length, ids, mask };
}
