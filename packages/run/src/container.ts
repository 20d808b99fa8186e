import { register as registerMethods } from '@otfuse/core';
import { register as registerDatasets } from '@otfuse/data';
import { register as registerOt } from '@otfuse/ot';
import { register as registerTasks } from '@otfuse/train';
import { container as rootContainer, DependencyContainer } from 'tsyringe';
import { PLUGINS } from './plugins';

/** A container with the built-in solvers, metrics, alignment methods, data sets and tasks, and every architecture plugin. */
export function createContainer(): DependencyContainer {
  const container = rootContainer.createChildContainer();
  registerOt(container);
  registerMethods(container);
  registerDatasets(container);
  registerTasks(container);
  for (const plugin of PLUGINS) plugin.register(container);
  return container;
}
