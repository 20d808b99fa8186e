import { runTask, type TaskArgs, type TaskName } from './tasks';

/**
 * Layout of the Int32Array that the main thread and its helpers share: a generation number the
 * main thread bumps to start a job, the next unclaimed chunk, the job's chunk count, and per
 * helper the last generation it finished (-1 until it has started) and a failure flag.
 */
export const GENERATION = 0;
export const NEXT_CHUNK = 1;
export const CHUNKS = 2;
const HELPERS_START = 3;

export function controlLength(helpers: number): number {
  return HELPERS_START + 2 * helpers;
}

export function doneIndex(helper: number): number {
  return HELPERS_START + 2 * helper;
}

export function failedIndex(helper: number): number {
  return HELPERS_START + 2 * helper + 1;
}

/** What the main thread posts to a helper for each job. */
export type JobMessage = { task: TaskName; args: TaskArgs<TaskName> } | { close: true };

/** Claims chunks of the current job until none is left; main thread and helpers alike. */
export function claimChunks<T extends TaskName>(control: Int32Array, task: T, args: TaskArgs<T>): void {
  const chunks = Atomics.load(control, CHUNKS);
  for (;;) {
    const chunk = Atomics.add(control, NEXT_CHUNK, 1);
    if (chunk >= chunks) return;
    runTask(task, args, chunk);
  }
}
