import { SINKHORN_TASKS } from '../sinkhorn/chunk-tasks';

/**
 * Everything the worker threads can run, by name. A task does one chunk of a job; the chunks
 * of a job are independent and may run on any thread in any order.
 */
export const TASKS = { ...SINKHORN_TASKS };

export type TaskName = keyof typeof TASKS;
export type TaskArgs<T extends TaskName> = Parameters<(typeof TASKS)[T]>[0];

/** Runs `task` on chunk `chunk`. */
export function runTask<T extends TaskName>(task: T, args: TaskArgs<T>, chunk: number): void {
  (TASKS[task] as (args: TaskArgs<T>, chunk: number) => void)(args, chunk);
}
