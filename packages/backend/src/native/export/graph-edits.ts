import type { OnnxGraph, OnnxNode } from '../onnx-model';

/** `graph` with values renamed wherever they appear (node inputs and outputs, graph inputs and outputs, initializers). */
export function renameValues(graph: OnnxGraph, names: ReadonlyMap<string, string>): OnnxGraph {
  const rename = (name: string) => names.get(name) ?? name;
  return {
    nodes: graph.nodes.map((node) => ({ ...node, inputs: node.inputs.map(rename), outputs: node.outputs.map(rename) })),
    inputs: graph.inputs.map((input) => ({ ...input, name: rename(input.name) })),
    outputs: graph.outputs.map((output) => ({ ...output, name: rename(output.name) })),
    initializers: graph.initializers?.map((initializer) => ({ ...initializer, name: rename(initializer.name) })),
  };
}

/** Every value name the graph uses, so that an added one can be made unique. */
export function valueNames(graph: OnnxGraph): Set<string> {
  const names = new Set<string>();
  graph.nodes.forEach((node: OnnxNode) => [...node.inputs, ...node.outputs].forEach((name) => names.add(name)));
  graph.inputs.forEach((input) => names.add(input.name));
  graph.initializers?.forEach((initializer) => names.add(initializer.name));
  return names;
}
