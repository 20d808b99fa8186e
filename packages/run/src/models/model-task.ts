import type { ArchitecturePlugin } from '@otfuse/core';
import { Registry } from '@otfuse/extension';
import { TASK, TASKS, type Task } from '@otfuse/train';
import type { DependencyContainer } from 'tsyringe';

/**
 * The task a model is trained and evaluated for (its labels, loss and metrics): the one its
 * architecture names for its config, among the tasks registered in `container`
 * (`createContainer` registers the built-in ones), or among the built-ins without a container
 * or when it holds none.
 */
export function modelTask(architecture: ArchitecturePlugin, config: unknown, container?: DependencyContainer): Task {
  const tasks = container?.isRegistered(TASK, true) ? Registry.of(container, TASK) : TASKS;
  return tasks.get(architecture.task(config));
}
