import { ONNX_DATA_TYPES, type OnnxGraph, type OnnxInitializer, type OnnxNode } from '../onnx-model';
import { ConstantValues, type ConstantValue } from './constant-values';
import { valueNames } from './graph-edits';

/** Weights are uint8 around this zero point (128 ± 127): onnxruntime's u8·u8 products cannot saturate, as its u8·s8 ones can on x86. */
const WEIGHT_ZERO_POINT = 128;

/** Per column n of `[K, N]`: the weights as uint8 around the zero point, and the scale max|W[:, n]| / 127. */
function quantizeColumns({ dims, values }: ConstantValue): { weights: Uint8Array; scales: Float32Array } {
  const [rows, columns] = dims;
  const scales = new Float32Array(columns);
  for (let k = 0; k < rows; k++) for (let n = 0; n < columns; n++) scales[n] = Math.max(scales[n], Math.abs(values[k * columns + n]));
  for (let n = 0; n < columns; n++) scales[n] = scales[n] === 0 ? 1 : scales[n] / 127;
  const weights = new Uint8Array(values.length);
  for (let k = 0; k < rows; k++) {
    for (let n = 0; n < columns; n++) weights[k * columns + n] = WEIGHT_ZERO_POINT + Math.max(-127, Math.min(127, Math.round(values[k * columns + n] / scales[n])));
  }
  return { weights, scales };
}

/** Drops nodes whose outputs nothing reads, then constants nothing reads. */
function prune(graph: OnnxGraph): OnnxGraph {
  let nodes = [...graph.nodes];
  for (;;) {
    const read = new Set([...nodes.flatMap((node) => node.inputs), ...graph.outputs.map((o) => o.name)]);
    const kept = nodes.filter((node) => node.outputs.some((output) => read.has(output)));
    if (kept.length === nodes.length) {
      return { ...graph, nodes, initializers: graph.initializers?.filter((initializer) => read.has(initializer.name)) };
    }
    nodes = kept;
  }
}

/**
 * Dynamic int8 quantization, as transformers.js's `dtype: 'q8'` files are made: every MatMul by a
 * constant `[K, N]` matrix becomes DynamicQuantizeLinear of its input (uint8, one scale per run)
 * and MatMulInteger by the matrix quantized per column (uint8, zero point 128), rescaled to
 * float32. Other nodes stay float32. Returns the graph and how many products were quantized.
 */
export function quantizeMatMuls(graph: OnnxGraph): { graph: OnnxGraph; quantized: number } {
  const constants = new ConstantValues(graph);
  const names = valueNames(graph);
  const unique = (base: string) => {
    let name = base;
    for (let i = 1; names.has(name); i++) name = `${base}_${i}`;
    names.add(name);
    return name;
  };
  const added: OnnxInitializer[] = [];
  const byWeight = new Map<string, { weights: string; zeroPoint: string; scales: string }>();
  let quantized = 0;
  const nodes = graph.nodes.flatMap((node): OnnxNode[] => {
    if (node.opType !== 'MatMul') return [node];
    const weight = constants.float(node.inputs[1]);
    if (weight === undefined || weight.dims.length !== 2) return [node];
    let q = byWeight.get(node.inputs[1]);
    if (q === undefined) {
      const { weights, scales } = quantizeColumns(weight);
      const base = node.inputs[1];
      q = { weights: unique(`${base}_quantized`), zeroPoint: unique(`${base}_zero_point`), scales: unique(`${base}_scale`) };
      added.push(
        { name: q.weights, dims: weight.dims, values: weights, elemType: 'uint8' },
        { name: q.zeroPoint, dims: [weight.dims[1]], values: new Uint8Array(weight.dims[1]).fill(WEIGHT_ZERO_POINT), elemType: 'uint8' },
        { name: q.scales, dims: [weight.dims[1]], values: scales },
      );
      byWeight.set(node.inputs[1], q);
    }
    quantized++;
    const [x, xScale, xZeroPoint, product, productFloat, scale] = ['x', 'x_scale', 'x_zero_point', 'int32', 'float', 'scale'].map((part) => unique(`${node.outputs[0]}_${part}`));
    return [
      { opType: 'DynamicQuantizeLinear', inputs: [node.inputs[0]], outputs: [x, xScale, xZeroPoint] },
      { opType: 'MatMulInteger', inputs: [x, q.weights, xZeroPoint, q.zeroPoint], outputs: [product] },
      { opType: 'Cast', inputs: [product], outputs: [productFloat], attributes: [{ name: 'to', int: ONNX_DATA_TYPES.float32 }] },
      { opType: 'Mul', inputs: [xScale, q.scales], outputs: [scale] },
      { opType: 'Mul', inputs: [productFloat, scale], outputs: node.outputs },
    ];
  });
  return { graph: prune({ ...graph, nodes, initializers: [...(graph.initializers ?? []), ...added] }), quantized };
}
