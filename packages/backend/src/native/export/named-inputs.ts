import { ONNX_DATA_TYPES, type OnnxGraph, type OnnxNode, type OnnxValue } from '../onnx-model';
import { TraceRefusal } from '../forward/kernel-trace';
import { BATCH_DIM, SEQUENCE_DIM } from './dynamic-graph';
import { renameValues } from './graph-edits';

/**
 * `graph` taking `names` instead of its one traced input `traced`: one name is that input
 * itself; several are `[batch, length]` tensors stacked on axis 1 into it (a packed text input
 * such as `[batch, 3, length]` of ids, mask and types). Integer inputs are int64 in the graph,
 * as `transformers` and transformers.js feed ids and masks, and cast to the traced int32.
 */
export function withNamedInputs(graph: OnnxGraph, traced: string, names: readonly string[]): OnnxGraph {
  const input = graph.inputs.find((i) => i.name === traced);
  if (input === undefined) throw new TraceRefusal(`the graph has no input ${traced}`);
  const others = graph.inputs.filter((i) => i !== input);
  const integer = input.elemType === 'int32';
  if (names.length === 1 && !integer) return renameValues(graph, new Map([[traced, names[0]]]));
  if (names.length > 1 && input.dims?.[1] !== names.length) {
    throw new TraceRefusal(`${names.length} named inputs cannot stack into an input of shape [${input.dims?.join(', ')}]`);
  }
  const elemType = integer ? 'int64' : input.elemType;
  const named: OnnxValue[] = names.map((name) => ({ name, elemType, dims: names.length === 1 ? input.dims : [BATCH_DIM, SEQUENCE_DIM] }));
  const adapter: OnnxNode[] = [];
  let value = names[0];
  if (names.length > 1) {
    const axes = `${traced}_stack_axes`;
    const rows = names.map((name) => {
      adapter.push({ opType: 'Unsqueeze', inputs: [name, axes], outputs: [`${name}_row`] });
      return `${name}_row`;
    });
    value = `${traced}_stacked`;
    adapter.push({ opType: 'Concat', inputs: rows, outputs: [value], attributes: [{ name: 'axis', int: 1 }] });
    graph = { ...graph, initializers: [...(graph.initializers ?? []), { name: axes, dims: [1], values: BigInt64Array.of(1n) }] };
  }
  adapter.push(integer ? { opType: 'Cast', inputs: [value], outputs: [traced], attributes: [{ name: 'to', int: ONNX_DATA_TYPES.int32 }] } : { opType: 'Identity', inputs: [value], outputs: [traced] });
  return { ...graph, nodes: [...adapter, ...graph.nodes], inputs: [...named, ...others] };
}
