import { FusionError } from '../errors';
import type { FeatureOrder, PermutationStructure } from '../graph/feature-spaces';
import type { HostTensor, ModelWeights } from '../weights';
import { ordersByClass } from './class-orders';
import { readHost, shapesOf } from './host-weights';
import { type ClassAxis, permutedParameters } from './permuted-parameters';
import { gatherAxis } from './tensor-axes';

/**
 * Every parameter of the model, in its order, with each class's order applied on each axis the
 * class permutes; a copy takes its source's permuted values, and parameters no given order
 * touches keep theirs. A class `orders` does not name stays as it is. Returned tensors may share
 * arrays with the input and with each other (ties): they are read, never written.
 */
export function applyFeatureOrders(structure: PermutationStructure, weights: ModelWeights, orders: ReadonlyMap<string, FeatureOrder>): Map<string, HostTensor> {
  const axesOf = new Map(permutedParameters(structure, shapesOf(weights), 'the model').map((p) => [p.name, p.axes]));
  const byClass = ordersByClass(structure, orders);
  const copyOf = new Map(structure.copies.map((c) => [c.param, c.of]));
  const values = new Map<string, HostTensor>();
  const valueOf = (name: string): HostTensor => {
    let value = values.get(name);
    if (!value) {
      const source = originalOf(name, copyOf);
      value = source === name ? permuted(readHost(weights, name), axesOf.get(name) ?? [], byClass) : valueOf(source);
      values.set(name, value);
    }
    return value;
  };
  return new Map(weights.names().map((name) => [name, valueOf(name)]));
}

/** The parameter a chain of copies ends at. */
function originalOf(name: string, copyOf: ReadonlyMap<string, string>): string {
  let source = name;
  for (let step = 0; copyOf.has(source); step++) {
    if (step === copyOf.size) throw new FusionError('GRAPH_INVALID', `'${name}' is a copy of itself through a cycle of copies`);
    source = copyOf.get(source) as string;
  }
  return source;
}

function permuted(tensor: HostTensor, axes: readonly ClassAxis[], byClass: readonly (FeatureOrder | undefined)[]): HostTensor {
  let data = tensor.data;
  for (const { axis, classIndex } of axes) {
    const order = byClass[classIndex];
    if (order) data = gatherAxis(data, tensor.shape, axis, order);
  }
  return { shape: [...tensor.shape], data };
}
