import * as tf from '@tensorflow/tfjs';
import { EncoderConfig } from './config';
import { PositionIds } from './family';

/** `[j, t] = 1` where `j ≤ t`: a row times it is the row's running sum. */
function upperTriangle(length: number): tf.Tensor2D {
  const ones = new Float32Array(length * length);
  for (let j = 0; j < length; j++) ones.fill(1, j * length + j, (j + 1) * length);
  return tf.tensor2d(ones, [length, length]);
}

/**
 * Each token's row of the position table, `[batch·length, hidden]`, from the input ids
 * `[batch, length]`: `0…L-1` (`absolute`), or RoBERTa's `padding_idx + 1 + (tokens so far that are
 * not padding)` with padding at `padding_idx` (`after-padding`, transformers'
 * `create_position_ids_from_input_ids`). The running count is a product with a triangle of ones,
 * kernels every engine traces (counts below 2^24 are exact in float32).
 */
export function positionRows(kind: PositionIds, config: EncoderConfig, table: tf.Tensor, ids: tf.Tensor2D): tf.Tensor2D {
  const [batch, length] = ids.shape;
  const h = config.hiddenSize;
  if (kind === 'absolute') {
    const rows = tf.slice(table, [0, 0], [length, h]);
    return tf.reshape(tf.tile(tf.expandDims(rows, 0), [batch, 1, 1]), [batch * length, h]) as tf.Tensor2D;
  }
  const real = tf.cast(tf.notEqual(ids, config.padTokenId), 'float32');
  const counts = tf.mul(tf.matMul(real, upperTriangle(length)), real);
  const positions = tf.cast(tf.add(counts, config.padTokenId), 'int32');
  return tf.gather(table, tf.reshape(positions, [batch * length])) as tf.Tensor2D;
}
