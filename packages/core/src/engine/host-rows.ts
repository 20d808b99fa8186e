import type * as tf from '@tensorflow/tfjs';
import { FusionError, formatShape } from '../errors';

/**
 * Rows of one activation gathered batch by batch on the host: each batch's `[rows, features]`
 * tensor is read out and disposed at once, so the WebAssembly heap holds one batch at a time.
 */
export class HostRows {
  private readonly chunks: Float32Array[] = [];
  private rows = 0;

  constructor(private readonly features: number) {}

  /** Reads the tensor's values out (a copy on wasm; the backend's own array, never written again, on cpu) and disposes it. */
  append(batch: tf.Tensor2D): void {
    try {
      if (batch.shape[1] !== this.features) {
        throw new FusionError('SHAPE_MISMATCH', `a batch recorded ${formatShape(batch.shape)}, earlier batches ${this.features} features`);
      }
      this.chunks.push(batch.dataSync() as Float32Array);
      this.rows += batch.shape[0];
    } finally {
      batch.dispose();
    }
  }

  /** All rows in batch order, `[rows, features]`; the chunks are dropped. */
  joined(): { values: Float32Array; rows: number; features: number } {
    const values = this.chunks.length === 1 ? this.chunks[0] : new Float32Array(this.rows * this.features);
    if (this.chunks.length !== 1) {
      let offset = 0;
      for (const chunk of this.chunks) {
        values.set(chunk, offset);
        offset += chunk.length;
      }
    }
    this.chunks.length = 0;
    return { values, rows: this.rows, features: this.features };
  }
}
