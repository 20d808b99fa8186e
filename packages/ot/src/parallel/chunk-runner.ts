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
}

const serialRunner: ChunkRunner = {
  run(task, args, chunks) {
    for (let chunk = 0; chunk < chunks; chunk++) runTask(task, args, chunk);
  },
  float32: (length) => new Float32Array(length),
  float64: (length) => new Float64Array(length),
  shared: false,
};

function pooledRunner(pool: WorkerPool): ChunkRunner {
  return {
    run: (task, args, chunks) => pool.run(task, args, chunks),
    float32: (length) => new Float32Array(new SharedArrayBuffer(4 * length)),
    float64: (length) => new Float64Array(new SharedArrayBuffer(8 * length)),
    shared: true,
  };
}

/** All the processor's cores. */
export function defaultThreads(): number {
  return availableParallelism();
}

/** A runner on `threads` threads (this one included); this thread alone where helpers cannot start. */
export function chunkRunner(threads: number): ChunkRunner {
  const pool = threads > 1 ? WorkerPool.shared(threads - 1) : undefined;
  return pool === undefined ? serialRunner : pooledRunner(pool);
}
