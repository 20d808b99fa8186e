import * as tf from '@tensorflow/tfjs';
import { FusionError, formatShape } from '../errors';

/**
 * A decoder's inputs travel as one tensor `[batch, 2, length]`: row 0 `input_ids`, row 1
 * `attention_mask` (1 on real tokens, 0 on padding). One tensor because the engine slices its
 * samples along the first axis, batch by batch; int32 or float32 (ids below 2^24 are exact in
 * float32, so a data set's float inputs work as they are).
 */
export const DECODER_INPUT_ROWS = ['input_ids', 'attention_mask'] as const;

export interface DecoderInputArrays {
  /** `[count · length]`, row-major. */
  inputIds: ArrayLike<number>;
  /** Defaults to all ones (no padding), as in HuggingFace. */
  attentionMask?: ArrayLike<number>;
}

/** Packs `[count, length]` arrays into the `[count, 2, length]` int32 input tensor. */
export function packDecoderInputs(arrays: DecoderInputArrays, count: number, length: number): tf.Tensor3D {
  const size = count * length;
  const packed = new Int32Array(count * 2 * length);
  [arrays.inputIds, arrays.attentionMask].forEach((row, r) => {
    if (row !== undefined && row.length !== size) {
      throw new FusionError('SHAPE_MISMATCH', `${DECODER_INPUT_ROWS[r]}: expected ${count} × ${length} = ${size} values, got ${row.length}`);
    }
    for (let s = 0; s < count; s++) {
      for (let t = 0; t < length; t++) packed[(s * 2 + r) * length + t] = row === undefined ? 1 : row[s * length + t];
    }
  });
  return tf.tensor3d(packed, [count, 2, length], 'int32');
}

/** A decoder's inputs on the host, checked. */
export interface DecoderInputs {
  batch: number;
  length: number;
  ids: Int32Array;
  /** 1 on real tokens. */
  mask: Uint8Array;
}

/** What a model accepts: errors name the model and the config key that bounds the length. */
export interface DecoderInputLimits {
  /** How errors name the inputs' model ("GPT-2"). */
  model: string;
  vocabSize: number;
  maxPositions: number;
  /** The config key of `maxPositions` (`n_positions`). */
  positionsKey: string;
}

/** Reads and checks a packed input tensor; errors name the row, the position and the bound. */
export function readDecoderInputs(inputs: tf.Tensor, limits: DecoderInputLimits): DecoderInputs {
  const what = `${limits.model} inputs`;
  if (inputs.rank !== 3 || inputs.shape[1] !== 2) {
    throw new FusionError('SHAPE_MISMATCH', `${what}: expected [batch, 2, length] (${DECODER_INPUT_ROWS.join(', ')}), got ${formatShape(inputs.shape)}`);
  }
  const [batch, , length] = inputs.shape;
  if (length > limits.maxPositions) {
    throw new FusionError('SHAPE_MISMATCH', `${what}: sequences of length ${length} exceed ${limits.positionsKey} (${limits.maxPositions})`);
  }
  const data = inputs.dataSync();
  const ids = new Int32Array(batch * length);
  const mask = new Uint8Array(batch * length);
  const bounds = [limits.vocabSize, 2];
  for (let s = 0; s < batch; s++) {
    for (let r = 0; r < 2; r++) {
      for (let t = 0; t < length; t++) {
        const value = data[(s * 2 + r) * length + t];
        if (!Number.isInteger(value) || value < 0 || value >= bounds[r]) {
          throw new FusionError('BAD_OPTION', `${value} is out of range; expected an integer in [0, ${bounds[r]})`, [what, `${DECODER_INPUT_ROWS[r]}[${s}, ${t}]`]);
        }
        (r === 0 ? ids : mask)[s * length + t] = value;
      }
    }
  }
  return { batch, length, ids, mask };
}
