import { type Extension, type ParameterValues, extensionPoint, resolveParameters } from '@otfuse/extension';
import type { Dataset } from './dataset';

/**
 * A named way to build a data set. `create` receives its parameters already validated and
 * completed with defaults (see {@link openDataset}), typed as the loader's options `P`.
 */
export interface DatasetFactory<P extends object = object> extends Extension {
  create(params: P): Promise<Dataset>;
}

/** Where data sets are registered in a container (`register(container)` adds the built-ins). */
export const DATASET = extensionPoint<DatasetFactory>('data set');

/** Validates `given` against the factory's parameters, then builds the data set. */
export async function openDataset(factory: DatasetFactory, given: Readonly<Record<string, unknown>> = {}): Promise<Dataset> {
  const params: ParameterValues = resolveParameters(`data set '${factory.id}'`, factory.parameters, given);
  // The specs describe exactly the loader's options, so the validated values are those options.
  return factory.create(params as object);
}
