import { availableParallelism } from 'node:os';
import { runTask, type TaskArgs, type TaskName } from './tasks';
import { WorkerPool } from './worker-pool';

/** Runs the chunks of a job, on this thread alone or with helper threads, and allocates its arrays. */
export interface ChunkRunner {
  run<T extends TaskName>(task: T, args: TaskArgs<T>, chunks: number): void;
  float32(length: number): Float32Array;
  float64(length: number): Float64Array;
  /** True when the arrays must be shared (copies of inputs have to be made). */
  readonly shared: boolean;
  /**
   * Ends the job: the runner's arrays may be reused by the next one, so a result must be read
   * out first (see `keptArray`). Call it once, when no array of the runner is needed any more.
   */
  finish(): void;
}

const serialRunner: ChunkRunner = {
  run(task, args, chunks) {
    for (let chunk = 0; chunk < chunks; chunk++) runTask(task, args, chunk);
  },
  float32: (length) => new Float32Array(length),
  float64: (length) => new Float64Array(length),
  shared: false,
  finish: () => undefined,
};

function pooledRunner(pool: WorkerPool): ChunkRunner {
  const lent: SharedArrayBuffer[] = [];
  const track = <T extends Float32Array | Float64Array>(array: T): T => {
    lent.push(array.buffer as SharedArrayBuffer);
    return array;
  };
  return {
    run: (task, args, chunks) => pool.run(task, args, chunks),
    float32: (length) => track(pool.scratch.float32(length)),
    float64: (length) => track(pool.scratch.float64(length)),
    shared: true,
    finish: () => pool.scratch.giveBack(lent.splice(0)),
  };
}

/** `array` itself when the runner's arrays are its own, else a plain copy that outlives `finish`. */
export function keptArray(runner: ChunkRunner, array: Float64Array): Float64Array {
  return runner.shared ? new Float64Array(array) : array;
}

/** All the processor's cores. */
export function defaultThreads(): number {
  return availableParallelism();
}

/** Starts the helper threads of a later `chunkRunner(threads)` now, without waiting for them. */
export function startThreadsEarly(threads: number): void {
  if (threads > 1) WorkerPool.startEarly(threads - 1);
}

/** A runner on `threads` threads (this one included); this thread alone where helpers cannot start. */
export function chunkRunner(threads: number): ChunkRunner {
  const pool = threads > 1 ? WorkerPool.shared(threads - 1) : undefined;
  return pool === undefined ? serialRunner : pooledRunner(pool);
}
