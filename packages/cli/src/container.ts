import { DATASET, DatasetPlugin, ParameterSpec, registerCore } from '@otfuse/core';
import { BUILTIN_DATASET_FACTORIES, DatasetFactory, ParamSpec, resolveParams } from '@otfuse/data';
import { container as rootContainer, DependencyContainer } from 'tsyringe';
import { PLUGINS } from './plugins';

/** A container with the built-in solvers and metrics, every plugin and every data set. */
export function createContainer(): DependencyContainer {
  const container = rootContainer.createChildContainer();
  registerCore(container);
  for (const plugin of PLUGINS) plugin.register(container);
  for (const factory of BUILTIN_DATASET_FACTORIES) container.register(DATASET, { useValue: datasetPlugin(factory) });
  return container;
}

function datasetPlugin(factory: DatasetFactory): DatasetPlugin {
  return {
    id: factory.name,
    description: factory.description,
    parameters: Object.entries(factory.params).map(([name, spec]) => parameterOf(name, spec)),
    create: (params) => factory.create(resolveParams(`data set '${factory.name}'`, factory.params, params)),
  };
}

function parameterOf(name: string, spec: ParamSpec): ParameterSpec {
  const type = spec.type === 'integer' || spec.type === 'number' ? 'number' : spec.type === 'boolean' ? 'boolean' : 'string';
  const values = spec.type === 'enum' ? ` (${spec.values.join(' | ')})` : '';
  return { name, type, default: spec.default, description: `${spec.description}${values}` };
}
