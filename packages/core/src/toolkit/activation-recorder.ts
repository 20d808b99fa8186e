import * as tf from '@tensorflow/tfjs';

/**
 * Collects the requested outputs of one forward stage as `[rows, features]` matrices. Each key
 * gets a tensor of its own (a view, which shares the data, where several keys name one output),
 * so that each is released on its own.
 */
export class ActivationRecorder {
  readonly activations = new Map<string, tf.Tensor2D>();

  constructor(private readonly wanted: ReadonlySet<string>) {}

  /**
   * Records `x` under each wanted key of `keys`. `asRows` turns it into `[rows, features]`; it
   * runs once, and only when some key is wanted, so an unwanted output costs nothing.
   */
  output(keys: readonly string[], x: tf.Tensor, asRows: (x: tf.Tensor) => tf.Tensor2D = (t) => t as tf.Tensor2D): void {
    const wanted = keys.filter((key) => this.wanted.has(key));
    if (wanted.length === 0) return;
    const rows = asRows(x);
    for (const key of wanted) this.activations.set(key, tf.reshape(rows, rows.shape));
  }
}

/** A feature map `[…, channels]` as one row per position: NHWC maps, sample-major, then row-major. */
export const positionRows = (x: tf.Tensor): tf.Tensor2D => tf.reshape(x, [-1, x.shape[x.rank - 1]]);
