/**
 * Shared arrays reused from job to job. A helper thread keeps every SharedArrayBuffer a job
 * message handed it until its own garbage collector runs, and a helper that only waits and
 * computes rarely runs it: fresh buffers for every solve (a 3072 × 3072 Sinkhorn allocates
 * ~0.2 GB) would stay resident for the whole process. Buffers handed back here are lent again,
 * so the helpers only ever hold the same few.
 */
export class SharedScratch {
  private readonly free: SharedArrayBuffer[] = [];

  constructor(
    /** Free buffers kept at most; beyond it the smallest are dropped. */
    private readonly keep = 16,
  ) {}

  /** A zeroed `Float32Array` of `length` over a lent buffer. */
  float32(length: number): Float32Array {
    return new Float32Array(this.lend(4 * length), 0, length).fill(0);
  }

  /** A zeroed `Float64Array` of `length` over a lent buffer. */
  float64(length: number): Float64Array {
    return new Float64Array(this.lend(8 * length), 0, length).fill(0);
  }

  /** Takes back buffers lent earlier; arrays over them must not be used afterwards. */
  giveBack(buffers: Iterable<SharedArrayBuffer>): void {
    for (const buffer of buffers) this.free.push(buffer);
    this.free.sort((a, b) => b.byteLength - a.byteLength);
    this.free.length = Math.min(this.free.length, this.keep);
  }

  /** Bytes held by free buffers. */
  get freeBytes(): number {
    return this.free.reduce((sum, b) => sum + b.byteLength, 0);
  }

  /** The smallest free buffer of at least `bytes`, or a new one. */
  private lend(bytes: number): SharedArrayBuffer {
    let best = -1;
    this.free.forEach((buffer, i) => {
      if (buffer.byteLength >= bytes && (best < 0 || buffer.byteLength < this.free[best].byteLength)) best = i;
    });
    if (best < 0) return new SharedArrayBuffer(bytes);
    return this.free.splice(best, 1)[0];
  }
}
