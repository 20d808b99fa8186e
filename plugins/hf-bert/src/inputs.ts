import * as tf from '@tensorflow/tfjs';
import { FusionError, type NamedInputs, formatShape } from '@otfuse/core';
import { EncoderConfig } from './config';
import { EncoderFamily } from './family';
import { BERT } from './families/bert';

/**
 * BERT's inputs travel as one tensor `[batch, 3, length]`: row 0 `input_ids`, row 1
 * `attention_mask` (1 on real tokens, 0 on padding), row 2 `token_type_ids`. One tensor because
 * the engine slices its samples along the first axis, batch by batch; int32 or float32 (ids
 * below 2^24 are exact in float32, so a data set's float inputs work as they are).
 */
export const BERT_INPUT_ROWS = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

export interface BertInputArrays {
  /** `[count · length]`, row-major. */
  inputIds: ArrayLike<number>;
  /** Defaults to all ones (no padding), as in HuggingFace. */
  attentionMask?: ArrayLike<number>;
  /** Defaults to all zeros (one segment), as in HuggingFace. */
  tokenTypeIds?: ArrayLike<number>;
}

/** Packs `[count, length]` arrays into the `[count, 3, length]` int32 input tensor. */
export function packBertInputs(arrays: BertInputArrays, count: number, length: number): tf.Tensor3D {
  const size = count * length;
  const packed = new Int32Array(count * 3 * length);
  const rows: (ArrayLike<number> | undefined)[] = [arrays.inputIds, arrays.attentionMask, arrays.tokenTypeIds];
  rows.forEach((row, r) => {
    if (row !== undefined && row.length !== size) {
      throw new FusionError('SHAPE_MISMATCH', `${BERT_INPUT_ROWS[r]}: expected ${count} × ${length} = ${size} values, got ${row.length}`);
    }
    for (let s = 0; s < count; s++) {
      for (let t = 0; t < length; t++) packed[(s * 3 + r) * length + t] = row === undefined ? (r === 1 ? 1 : 0) : row[s * length + t];
    }
  });
  return tf.tensor3d(packed, [count, 3, length], 'int32');
}

/** The inputs on the host, checked against the config. */
export interface HostInputs {
  batch: number;
  length: number;
  ids: Int32Array;
  /** 1 on real tokens. */
  mask: Uint8Array;
  types: Int32Array;
}

/** The longest sequence the position table holds: RoBERTa's positions start after the padding id. */
export function maxLength(family: EncoderFamily, config: EncoderConfig): number {
  return family.embeddings.positionIds === 'after-padding' ? config.maxPositions - config.padTokenId - 1 : config.maxPositions;
}

/** Reads and checks a packed input tensor; errors name the row, the position and the bound. */
export function readInputs(config: EncoderConfig, inputs: tf.Tensor, family: EncoderFamily = BERT): HostInputs {
  const what = `${family.name} inputs`;
  if (inputs.rank !== 3 || inputs.shape[1] !== 3) {
    throw new FusionError('SHAPE_MISMATCH', `${what}: expected [batch, 3, length] (${BERT_INPUT_ROWS.join(', ')}), got ${formatShape(inputs.shape)}`);
  }
  const [batch, , length] = inputs.shape;
  if (length > maxLength(family, config)) {
    const after = family.embeddings.positionIds === 'after-padding' ? ` less pad_token_id + 1 (${config.padTokenId + 1})` : '';
    throw new FusionError('SHAPE_MISMATCH', `${what}: sequences of length ${length} exceed max_position_embeddings (${config.maxPositions})${after}`);
  }
  const data = inputs.dataSync();
  const ids = new Int32Array(batch * length);
  const mask = new Uint8Array(batch * length);
  const types = new Int32Array(batch * length);
  const bounds = [config.vocabSize, 2, config.typeVocabSize];
  for (let s = 0; s < batch; s++) {
    for (let r = 0; r < 3; r++) {
      for (let t = 0; t < length; t++) {
        const value = data[(s * 3 + r) * length + t];
        if (!Number.isInteger(value) || value < 0 || value >= bounds[r]) {
          throw new FusionError('BAD_OPTION', `${value} is out of range; expected an integer in [0, ${bounds[r]})`, [what, `${BERT_INPUT_ROWS[r]}[${s}, ${t}]`]);
        }
        [ids, mask, types][r][s * length + t] = value;
      }
    }
  }
  return { batch, length, ids, mask, types };
}

/** The packed rows as `transformers` names them (`input_ids`, `attention_mask`, `token_type_ids`), with their bounds. */
export function bertNamedInputs(config: EncoderConfig): NamedInputs {
  return { names: BERT_INPUT_ROWS, shape: [BERT_INPUT_ROWS.length, 'length'], bounds: [config.vocabSize, 2, config.typeVocabSize], maxLength: config.maxPositions };
}
