import * as tf from '@tensorflow/tfjs';

/**
 * Gradient of Tile, registered in place of tfjs's own. Tile lays copy `r` of axis `a` at
 * `r·size(a) + i`, so the gradient is `dy` viewed as `[reps₀, size₀, reps₁, size₁, …]` and
 * summed over the `reps` axes: one reshape and one sum for any `reps`. tfjs's own gradient
 * adds one slice of `dy` per copy (64 slices and adds for a batch of 64, supported up to rank 4
 * only), and a graph whose kernel count grows with the batch size cannot be compiled once for
 * every batch size.
 */
export const tileGradConfig: tf.GradConfig = {
  kernelName: tf.Tile,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { reps } = attrs as unknown as tf.TileAttrs;
    return {
      x: () => {
        const interleaved = x.shape.flatMap((size, axis) => [reps[axis], size]);
        const copyAxes = reps.map((_, axis) => 2 * axis);
        return tf.reshape(tf.sum(tf.reshape(dy as tf.Tensor, interleaved), copyAxes), x.shape);
      },
    };
  },
};
