import { register as registerDatasets } from '@otfuse/data';
import { register as registerOt } from '@otfuse/ot';
import { container as rootContainer, DependencyContainer } from 'tsyringe';
import { PLUGINS } from './plugins';

/** A container with the built-in solvers, metrics and data sets, and every architecture plugin. */
export function createContainer(): DependencyContainer {
  const container = rootContainer.createChildContainer();
  registerOt(container);
  registerDatasets(container);
  for (const plugin of PLUGINS) plugin.register(container);
  return container;
}
