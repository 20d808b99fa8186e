import { type SeededRandom, permutation } from '@otfuse/extension';

/** Positions of one training batch and the (1-based) epoch it belongs to. */
export interface ScheduledBatch {
  readonly indices: Int32Array;
  readonly epoch: number;
}

/**
 * Endless batches over `size` examples: each epoch visits them in a fresh permutation drawn
 * from `random`, so the whole order follows from one seed. A final partial batch is kept
 * unless `dropLast`.
 */
export class BatchSchedule {
  readonly batchesPerEpoch: number;
  private order: Int32Array = new Int32Array(0);
  private batchInEpoch: number;
  private epoch = 0;

  constructor(
    private readonly size: number,
    private readonly batchSize: number,
    private readonly random: SeededRandom,
    private readonly dropLast: boolean,
  ) {
    this.batchesPerEpoch = dropLast ? Math.floor(size / batchSize) : Math.ceil(size / batchSize);
    this.batchInEpoch = this.batchesPerEpoch;
  }

  next(): ScheduledBatch {
    if (this.batchInEpoch === this.batchesPerEpoch) {
      this.order = permutation(this.size, this.random);
      this.batchInEpoch = 0;
      this.epoch++;
    }
    const start = this.batchInEpoch * this.batchSize;
    this.batchInEpoch++;
    const end = this.dropLast ? start + this.batchSize : Math.min(start + this.batchSize, this.size);
    return { indices: this.order.slice(start, end), epoch: this.epoch };
  }
}
