import { extname, join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { OtError } from '../errors';
import {
  CHUNKS,
  claimChunks,
  controlLength,
  doneIndex,
  failedIndex,
  GENERATION,
  NEXT_CHUNK,
  type JobMessage,
} from './control';
import { SharedScratch } from './shared-scratch';
import type { TaskArgs, TaskName } from './tasks';

/** How long the first use waits for the helpers to start before doing without them. */
const STARTUP_TIMEOUT_MS = 10_000;

/**
 * Helper threads that run chunked jobs synchronously: the main thread posts the job to every
 * helper, claims chunks itself, and blocks (Atomics.wait) until every helper has finished.
 * The arrays of a job must live in SharedArrayBuffers. Helpers are unreferenced, so they never
 * keep a process alive; one pool per helper count is started on first use and kept.
 */
export class WorkerPool {
  private static readonly pools = new Map<number, WorkerPool | null>();
  /** Pools started early whose helpers may still be loading. */
  private static readonly starting = new Map<number, WorkerPool>();
  private readonly control: Int32Array;
  private readonly ports: MessagePort[] = [];
  private readonly workers: Worker[] = [];
  /** The arrays of this pool's jobs, reused so its helpers keep no stale buffers alive. */
  readonly scratch = new SharedScratch();

  private constructor(readonly helpers: number) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * controlLength(helpers)));
    for (let h = 0; h < helpers; h++) {
      this.control[doneIndex(h)] = -1;
      this.startHelper(h);
    }
  }

  /** The pool with `helpers` helper threads, or undefined when threads cannot be started here. */
  static shared(helpers: number): WorkerPool | undefined {
    if (!WorkerPool.pools.has(helpers)) {
      WorkerPool.startEarly(helpers);
      const starting = WorkerPool.starting.get(helpers);
      WorkerPool.starting.delete(helpers);
      WorkerPool.pools.set(helpers, starting?.startedOrClosed() ?? null);
    }
    return WorkerPool.pools.get(helpers) ?? undefined;
  }

  /**
   * Starts the pool with `helpers` helper threads without waiting for them, so that they load
   * while the caller does other work (a helper takes a few hundred milliseconds to start);
   * the first `shared` call waits for them. Does nothing when that pool exists or is starting.
   */
  static startEarly(helpers: number): void {
    if (WorkerPool.pools.has(helpers) || WorkerPool.starting.has(helpers)) return;
    try {
      WorkerPool.starting.set(helpers, new WorkerPool(helpers));
    } catch {
      // No threads here (or their code cannot load): the caller computes alone.
      WorkerPool.pools.set(helpers, null);
    }
  }

  /** Stops every pool's helpers (they restart on next use). */
  static closeAll(): void {
    for (const pool of [...WorkerPool.pools.values(), ...WorkerPool.starting.values()]) pool?.close();
    WorkerPool.pools.clear();
    WorkerPool.starting.clear();
  }

  /** Runs chunks 0..chunks-1 of `task` on this thread and every helper; returns when all are done. */
  run<T extends TaskName>(task: T, args: TaskArgs<T>, chunks: number): void {
    Atomics.store(this.control, NEXT_CHUNK, 0);
    Atomics.store(this.control, CHUNKS, chunks);
    const message: JobMessage = { task, args };
    for (const port of this.ports) port.postMessage(message);
    const generation = this.bumpGeneration();
    claimChunks(this.control, task, args);
    for (let h = 0; h < this.helpers; h++) {
      const at = doneIndex(h);
      for (let done = Atomics.load(this.control, at); done !== generation; done = Atomics.load(this.control, at)) {
        Atomics.wait(this.control, at, done);
      }
      if (Atomics.exchange(this.control, failedIndex(h), 0) !== 0) {
        throw new OtError('OT_SOLVER_FAILED', `worker thread ${h + 1} failed while running '${task}'`);
      }
    }
  }

  /** This pool once its helpers have started, or null (closed) when they did not in time. */
  private startedOrClosed(): WorkerPool | null {
    if (this.waitUntilStarted()) return this;
    this.close();
    return null;
  }

  private startHelper(helper: number): void {
    const { port1, port2 } = new MessageChannel();
    const options = { workerData: { control: this.control.buffer, port: port2, helper }, transferList: [port2] };
    const entry = join(__dirname, `worker${extname(__filename)}`);
    // Run from TypeScript sources (tests, benchmarks), the helper needs the same transpiler.
    const worker = entry.endsWith('.ts')
      ? new Worker(`require(${JSON.stringify(require.resolve('@swc-node/register'))}); require(${JSON.stringify(entry)});`, {
          ...options,
          eval: true,
        })
      : new Worker(entry, options);
    // A failure is seen as a helper that never starts or a failed flag; the event must not crash.
    worker.on('error', () => undefined);
    worker.unref();
    port1.unref();
    this.workers.push(worker);
    this.ports.push(port1);
  }

  private waitUntilStarted(): boolean {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    for (let h = 0; h < this.helpers; h++) {
      while (Atomics.load(this.control, doneIndex(h)) === -1) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        Atomics.wait(this.control, doneIndex(h), -1, Math.min(left, 50));
      }
    }
    return true;
  }

  private bumpGeneration(): number {
    const generation = Atomics.add(this.control, GENERATION, 1) + 1;
    Atomics.notify(this.control, GENERATION);
    return generation;
  }

  private close(): void {
    const message: JobMessage = { close: true };
    for (const port of this.ports) port.postMessage(message);
    this.bumpGeneration();
    for (const worker of this.workers) void worker.terminate();
  }
}
