import type * as tf from '@tensorflow/tfjs';
import { FusionError, formatShape } from '../errors';
import type { SpillWriter, SpilledMatrix } from './activation-spill';

/** One activation matrix gathered on the host: its values in memory, or else the file they wait in. */
export interface HostMatrix {
  rows: number;
  features: number;
  values?: Float32Array;
  spilled?: SpilledMatrix;
}

/**
 * Rows of one activation gathered batch by batch on the host: each batch's `[rows, features]`
 * tensor is read out and disposed at once, so the WebAssembly heap holds one batch at a time.
 * With a spill writer, each batch goes to disk as it comes, so memory holds none of them.
 */
export class HostRows {
  private readonly chunks: Float32Array[] = [];
  private rows = 0;

  constructor(
    private readonly features: number,
    private readonly spill?: SpillWriter,
  ) {}

  /** Reads the tensor's values out (a copy on wasm; the backend's own array, never written again, on cpu) and disposes it. */
  append(batch: tf.Tensor2D): void {
    try {
      if (batch.shape[1] !== this.features) {
        throw new FusionError('SHAPE_MISMATCH', `a batch recorded ${formatShape(batch.shape)}, earlier batches ${this.features} features`);
      }
      const values = batch.dataSync() as Float32Array;
      if (this.spill) this.spill.append(values, batch.shape[0]);
      else this.chunks.push(values);
      this.rows += batch.shape[0];
    } finally {
      batch.dispose();
    }
  }

  /** All rows in batch order, `[rows, features]`, in memory or on disk; the chunks are dropped. */
  finish(): HostMatrix {
    if (this.spill) return { rows: this.rows, features: this.features, spilled: this.spill.close() };
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
