/**
 * Float32 arrays a fusion keeps between its steps for reuse, at most (the largest are given up
 * first): the descriptions of the paper's ViT (two of 45 MB) fit; BERT-base's and GPT-2's
 * larger ones are allocated for their step and given back, so kept arrays never add much to a
 * large model's peak.
 */
export const DEFAULT_KEPT_SCRATCH_BYTES = 128 * 1024 ** 2;

/** Lends float32 arrays of any length; the caller writes every element it reads. */
export type Float32Allocator = (length: number) => Float32Array;

/**
 * Float32 arrays lent for the span of one fusion step and lent again in the next. Neuron
 * descriptions are written once, read by the step's cost and dropped; a new array for each
 * (tens of MB per layer) costs the kernel a page fault per 4 KiB, which here takes longer than
 * writing the values. A lent array holds whatever its last step wrote, so its borrower must
 * write every element it reads; nothing lent may be kept past `endStep`.
 */
export class StepScratch {
  private free: Float32Array[] = [];
  private readonly lent: Float32Array[] = [];

  constructor(private readonly keptBytes = DEFAULT_KEPT_SCRATCH_BYTES) {}

  /** An array of `length` floats, with arbitrary contents, valid until `endStep`. */
  readonly float32: Float32Allocator = (length) => {
    // The smallest free array that holds `length`: steps of one model repeat the same sizes.
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const size = this.free[i].length;
      if (size >= length && (best < 0 || size < this.free[best].length)) best = i;
    }
    // None is long enough: the kept ones are smaller than this step needs, so give them up first.
    if (best < 0) this.free = [];
    const array = best < 0 ? new Float32Array(length) : this.free.splice(best, 1)[0];
    this.lent.push(array);
    return array.length === length ? array : array.subarray(0, length);
  };

  /** Ends a step: its arrays may be lent again, keeping at most `keptBytes` of them (the smallest). */
  endStep(): void {
    const all = [...this.free, ...this.lent.splice(0)].sort((a, b) => a.length - b.length);
    this.free = [];
    let bytes = 0;
    for (const array of all) {
      if (bytes + array.byteLength > this.keptBytes) break;
      bytes += array.byteLength;
      this.free.push(array);
    }
  }

  /** Bytes kept for the next step (for tests and progress). */
  get keptBytesNow(): number {
    return this.free.reduce((sum, a) => sum + a.byteLength, 0);
  }
}
