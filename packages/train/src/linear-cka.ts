import * as tf from '@tensorflow/tfjs';
import { TrainError } from './errors';

/** Column sums and cross-products of the shifted outputs, summed over every batch added. */
interface Moments {
  examples: number;
  /** Column sums of X and of Y. */
  x: Float64Array;
  y: Float64Array;
  /** XᵀX `[p, p]`, YᵀY `[q, q]` and YᵀX `[q, p]`, row-major. */
  xx: Float64Array;
  yy: Float64Array;
  yx: Float64Array;
}

/**
 * Linear CKA (Kornblith et al., "Similarity of Neural Network Representations Revisited", 2019)
 * of two models' outputs on the same examples, fed batch by batch:
 * `‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F)` on column-centred X `[N, p]` and Y `[N, q]` (each example's
 * outputs flattened). It is 1 for outputs equal up to a permutation or an orthogonal map of
 * their features and an isotropic scaling, and the widths may differ. Only column sums and
 * cross-products are kept, so batches add up; the first batch's column means are subtracted
 * from every batch so that centring at the end does not cancel large means away in float32.
 */
export class LinearCka {
  private shift: { x: Float32Array; y: Float32Array } | undefined;
  private moments: Moments | undefined;

  /** Adds the outputs `x` and `y` (`[batch, ...]` each) of the same examples. */
  add(x: tf.Tensor, y: tf.Tensor): void {
    const batch = x.shape[0];
    if (x.rank < 1 || y.rank < 1 || y.shape[0] !== batch) {
      throw new TrainError('SHAPE_MISMATCH', `linear CKA: outputs [${x.shape.join(', ')}] and [${y.shape.join(', ')}] must hold the same examples [batch, ...]`);
    }
    if (batch === 0) return;
    const [sx, sy, xx, yy, yx] = tf.tidy(() => {
      const a = tf.reshape(x, [batch, -1]);
      const b = tf.reshape(y, [batch, -1]);
      this.shift ??= { x: tf.mean(a, 0).dataSync() as Float32Array, y: tf.mean(b, 0).dataSync() as Float32Array };
      const ac = tf.sub(a, this.shift.x);
      const bc = tf.sub(b, this.shift.y);
      return [tf.sum(ac, 0), tf.sum(bc, 0), tf.matMul(ac, ac, true), tf.matMul(bc, bc, true), tf.matMul(bc, ac, true)].map((t) => t.dataSync());
    });
    const moments = (this.moments ??= { examples: 0, x: new Float64Array(sx.length), y: new Float64Array(sy.length), xx: new Float64Array(xx.length), yy: new Float64Array(yy.length), yx: new Float64Array(yx.length) });
    if (sx.length !== moments.x.length || sy.length !== moments.y.length) {
      throw new TrainError('SHAPE_MISMATCH', `linear CKA: a batch of ${sx.length} and ${sy.length} features after batches of ${moments.x.length} and ${moments.y.length}`);
    }
    moments.examples += batch;
    addTo(moments.x, sx);
    addTo(moments.y, sy);
    addTo(moments.xx, xx);
    addTo(moments.yy, yy);
    addTo(moments.yx, yx);
  }

  /** The CKA of everything added: in [0, 1]; NaN before any example, or where either side's outputs are the same for every example. */
  value(): number {
    const m = this.moments;
    if (!m) return NaN;
    const centred = (products: Float64Array, rows: Float64Array, columns: Float64Array) => {
      let squares = 0;
      for (let i = 0; i < rows.length; i++) {
        for (let j = 0; j < columns.length; j++) squares += (products[i * columns.length + j] - (rows[i] * columns[j]) / m.examples) ** 2;
      }
      return squares;
    };
    return centred(m.yx, m.y, m.x) / Math.sqrt(centred(m.xx, m.x, m.x) * centred(m.yy, m.y, m.y));
  }
}

function addTo(total: Float64Array, part: ArrayLike<number>): void {
  for (let i = 0; i < total.length; i++) total[i] += part[i];
}
