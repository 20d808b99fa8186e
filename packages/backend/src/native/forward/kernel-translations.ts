import type * as tf from '@tensorflow/tfjs';
import { ONNX_DATA_TYPES, type OnnxAttribute } from '../onnx-model';
import { TraceRefusal, type TracedInput, type TracedKernel } from './kernel-trace';
import type { OnnxBuilder } from './onnx-builder';

/** What a translation sees of one traced kernel. */
export interface KernelContext {
  readonly kernel: TracedKernel;
  readonly graph: OnnxBuilder;
  /** The ONNX value of the kernel's input `name`. */
  value(name: string): string;
  /** The traced input `name` (shape, dtype). */
  input(name: string): TracedInput;
  /** Shape of output `i` (default 0). */
  outShape(i?: number): readonly number[];
  attr<T>(name: string): T;
}

/** Emits the nodes of one kernel; returns the ONNX value of each of its outputs. */
export type Translation = (c: KernelContext) => string | string[];

const ints = (name: string, values: readonly number[]): OnnxAttribute => ({ name, ints: values });
const int = (name: string, value: number): OnnxAttribute => ({ name, int: value });

const unary =
  (opType: string, attributes?: OnnxAttribute[]): Translation =>
  (c) =>
    c.graph.emit(opType, [c.value('x')], attributes);

const binary =
  (opType: string): Translation =>
  (c) =>
    c.graph.emit(opType, [c.value('a'), c.value('b')]);

/** `axis` counted from the front (tfjs, like numpy, counts a negative axis from the back). */
const fromFront = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/** Every axis of `axis` (a number, a list, or null/undefined for all) as a sorted, non-negative list. */
function axesOf(axis: number | number[] | null | undefined, rank: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = Array.isArray(axis) ? axis : [axis];
  return [...new Set(list.map((a) => fromFront(a, rank)))].sort((a, b) => a - b);
}

const reduce =
  (opType: string, axisAttr = 'axis'): Translation =>
  (c) => {
    const axes = axesOf(c.attr(axisAttr), c.input('x').shape.length);
    const keepdims = int('keepdims', c.attr<boolean>('keepDims') ? 1 : 0);
    // Opset 13 takes ReduceSum's axes as an input and the others' as an attribute.
    if (opType === 'ReduceSum') return leadingSum(c, axes) ?? c.graph.emit(opType, [c.value('x'), c.graph.int64s(axes)], [keepdims]);
    return c.graph.emit(opType, [c.value('x')], [ints('axes', axes), keepdims]);
  };

/**
 * A float sum over leading axes (not all of them) as a row of ones times the rows: onnxruntime's
 * ReduceSum down the columns of `[4160, 384]` (a bias's gradient at batch 64) takes about three
 * times as long as that product. Undefined for any other sum.
 */
function leadingSum(c: KernelContext, axes: readonly number[]): string | undefined {
  const { shape, dtype } = c.input('x');
  if (dtype !== 'float32' || axes.length === 0 || axes.length === shape.length || axes.some((axis, i) => axis !== i)) return undefined;
  const rows = shape.slice(0, axes.length).reduce((product, size) => product * size, 1);
  const columns = shape.slice(axes.length).reduce((product, size) => product * size, 1);
  if (rows * columns === 0) return undefined;
  const ones = c.graph.constant(new Float32Array(rows).fill(1), [1, rows]);
  return reshapeTo(c, c.graph.emit('MatMul', [ones, reshapeTo(c, c.value('x'), [rows, columns])]), c.outShape());
}

/** A value given the kernel's output shape (Reshape, ExpandDims, Pack's items). */
function reshapeTo(c: KernelContext, value: string, shape: readonly number[]): string {
  return c.graph.emit('Reshape', [value, c.graph.int64s(shape)]);
}

function swapLastTwo(value: string, rank: number, c: KernelContext): string {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return c.graph.emit('Transpose', [value], [ints('perm', perm)]);
}

/**
 * The transpose of one matrix (any batch axes of size 1) as a value of its own. onnxruntime
 * folds a Transpose that swaps a MatMul operand's last two axes into the product
 * (MatmulTransposeFusion), and its kernel for a transposed left operand runs the weight gradient
 * of a dense layer (Xᵀ·dY, a row of X per token) 15–20% slower than a separate transpose and a
 * plain product. So the swap here is of the first two axes of `[rows, columns, 1]`, which the
 * fusion does not match (a Reshape to the same shape alone is removed before it looks).
 */
function separateTranspose(value: string, shape: readonly number[], c: KernelContext): string {
  const [rows, columns] = shape.slice(-2);
  const transposed = c.graph.emit('Transpose', [reshapeTo(c, value, [rows, columns, 1])], [ints('perm', [1, 0, 2])]);
  return reshapeTo(c, transposed, [...shape.slice(0, -2), columns, rows]);
}

/**
 * `op(a)·op(b)`, as tfjs's BatchMatMul (batch axes broadcast as numpy's matmul). A batch of
 * products (attention's) keeps the fused transposed kernel: a separate transpose of every
 * head's matrix costs more there than it saves.
 */
function matmul(c: KernelContext): string {
  const [aShape, bShape] = [c.input('a').shape, c.input('b').shape];
  const [transposeA, transposeB] = [c.attr<boolean>('transposeA'), c.attr<boolean>('transposeB')];
  const oneMatrix = (shape: readonly number[]) => shape.slice(0, -2).every((size) => size === 1);
  if (transposeA && !transposeB && aShape.length === 2 && bShape.length === 2 && transposingProductIsSmaller(aShape, bShape)) {
    return swapLastTwo(c.graph.emit('MatMul', [separateTranspose(c.value('b'), bShape, c), c.value('a')]), 2, c);
  }
  const transposedA = () => (oneMatrix(aShape) ? separateTranspose(c.value('a'), aShape, c) : swapLastTwo(c.value('a'), aShape.length, c));
  const a = transposeA ? transposedA() : c.value('a');
  const b = transposeB ? swapLastTwo(c.value('b'), bShape.length, c) : c.value('b');
  return c.graph.emit('MatMul', [a, b]);
}

/**
 * Whether `Aᵀ·B` (A `[r, m]`, B `[r, n]`) moves fewer values as `(Bᵀ·A)ᵀ`: transposing B and
 * the `[n, m]` product instead of A. The weight gradient of a dense layer that narrows (an MLP's
 * second layer, m four times n) transposes a quarter of the values that way.
 */
function transposingProductIsSmaller([rows, m]: readonly number[], [, n]: readonly number[]): boolean {
  return rows * n + n * m < rows * m;
}

/** The fused activations of `_FusedMatMul` / `FusedConv2D` that translate one to one. */
function activate(c: KernelContext, value: string): string {
  const activation = c.attr<string | undefined>('activation');
  switch (activation) {
    case undefined: // a plain Conv2D
    case 'linear':
      return value;
    case 'relu':
      return c.graph.emit('Relu', [value]);
    case 'sigmoid':
      return c.graph.emit('Sigmoid', [value]);
    case 'elu':
      return c.graph.emit('Elu', [value]);
    case 'relu6':
      return c.graph.emit('Clip', [value, c.graph.scalar(0, 'float32'), c.graph.scalar(6, 'float32')]);
    default:
      throw new TraceRefusal(`${c.kernel.name} with activation '${activation}' has no ONNX translation here`);
  }
}

function fusedMatMul(c: KernelContext): string {
  const product = matmul(c);
  const biased = c.kernel.inputs.some((i) => i.name === 'bias') ? c.graph.emit('Add', [product, c.value('bias')]) : product;
  return activate(c, biased);
}

/** tfjs's pad attribute of a 2-D convolution or pool on `[batch, H, W, C]`, as ONNX pads `[top, left, bottom, right]`. */
function spatialPads(c: KernelContext, inShape: readonly number[], window: readonly number[], strides: readonly number[], dilations: readonly number[]): number[] {
  const pad = c.attr<string | number | number[][]>('pad');
  if (typeof pad === 'number') return [pad, pad, pad, pad];
  if (Array.isArray(pad)) return [pad[1][0], pad[2][0], pad[1][1], pad[2][1]];
  if (pad === 'valid') return [0, 0, 0, 0];
  if (pad === 'same') {
    // TensorFlow's SAME: the total padding splits with the extra row or column at the end.
    const total = [0, 1].map((axis) => {
      const size = inShape[axis + 1];
      const out = Math.ceil(size / strides[axis]);
      return Math.max((out - 1) * strides[axis] + (window[axis] - 1) * dilations[axis] + 1 - size, 0);
    });
    return [Math.floor(total[0] / 2), Math.floor(total[1] / 2), total[0] - Math.floor(total[0] / 2), total[1] - Math.floor(total[1] / 2)];
  }
  throw new TraceRefusal(`${c.kernel.name} with pad ${JSON.stringify(pad)} has no ONNX translation here`);
}

const pair = (value: number | number[]) => (Array.isArray(value) ? value : [value, value]);
const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

function checkChannelsLast(c: KernelContext): void {
  const format = c.attr<string | undefined>('dataFormat');
  if (format !== undefined && format !== 'NHWC' && format !== 'channelsLast') {
    throw new TraceRefusal(`${c.kernel.name} with dataFormat ${format} has no ONNX translation here`);
  }
  if (c.attr<string | undefined>('dimRoundingMode') !== undefined) throw new TraceRefusal(`${c.kernel.name} with dimRoundingMode has no ONNX translation here`);
}

/** tfjs's NHWC convolution (filter `[kh, kw, in, out]`) as ONNX's NCHW one, between two transposes. */
function conv2d(c: KernelContext): string {
  checkChannelsLast(c);
  const filterShape = c.input('filter').shape;
  const strides = pair(c.attr('strides'));
  const dilations = pair(c.attr('dilations') ?? 1);
  const pads = spatialPads(c, c.input('x').shape, filterShape.slice(0, 2), strides, dilations);
  const x = c.graph.emit('Transpose', [c.value('x')], [ints('perm', TO_NCHW)]);
  const w = c.graph.emit('Transpose', [c.value('filter')], [ints('perm', [3, 2, 0, 1])]);
  const inputs = [x, w];
  if (c.kernel.inputs.some((i) => i.name === 'bias')) inputs.push(c.graph.emit('Reshape', [c.value('bias'), c.graph.int64s([-1])]));
  const y = c.graph.emit('Conv', inputs, [ints('kernel_shape', filterShape.slice(0, 2)), ints('strides', strides), ints('dilations', dilations), ints('pads', pads)]);
  return activate(c, c.graph.emit('Transpose', [y], [ints('perm', TO_NHWC)]));
}

const pool =
  (opType: string): Translation =>
  (c) => {
    checkChannelsLast(c);
    const window = pair(c.attr('filterSize'));
    const strides = pair(c.attr('strides'));
    const pads = spatialPads(c, c.input('x').shape, window, strides, [1, 1]);
    const attributes = [ints('kernel_shape', window), ints('strides', strides), ints('pads', pads)];
    // tfjs's average pool divides by the window's positions inside the input only.
    if (opType === 'AveragePool') attributes.push(int('count_include_pad', 0));
    const x = c.graph.emit('Transpose', [c.value('x')], [ints('perm', TO_NCHW)]);
    return c.graph.emit('Transpose', [c.graph.emit(opType, [x], attributes)], [ints('perm', TO_NHWC)]);
  };

/** tfjs's batch norm: `(x − mean) · rsqrt(variance + ε) · scale + offset`, in that order. */
function batchNorm(c: KernelContext): string {
  const has = (name: string) => c.kernel.inputs.some((i) => i.name === name);
  const centred = c.graph.emit('Sub', [c.value('x'), c.value('mean')]);
  const eps = c.graph.scalar(c.attr<number>('varianceEpsilon'), 'float32');
  const inverse = c.graph.emit('Reciprocal', [c.graph.emit('Sqrt', [c.graph.emit('Add', [c.value('variance'), eps])])]);
  let y = has('scale') ? c.graph.emit('Mul', [centred, c.graph.emit('Mul', [inverse, c.value('scale')])]) : c.graph.emit('Mul', [centred, inverse]);
  if (has('offset')) y = c.graph.emit('Add', [y, c.value('offset')]);
  return y;
}

function slice(c: KernelContext): string {
  // tf.slice passes a number as `begin` for a 1-D slice.
  const given = c.attr<number | number[]>('begin');
  const begin = Array.isArray(given) ? given : [given];
  const shape = c.outShape();
  const axes = begin.map((_, i) => i);
  return c.graph.emit('Slice', [c.value('x'), c.graph.int64s(begin), c.graph.int64s(begin.map((b, i) => b + shape[i])), c.graph.int64s(axes)]);
}

/** Each output of a split along `axis`, as a Slice of its extent. */
function splitV(c: KernelContext): string[] {
  const axis = fromFront(c.attr<number>('axis'), c.input('x').shape.length);
  let start = 0;
  return c.kernel.outputs.map((out) => {
    const end = start + out.shape[axis];
    const piece = c.graph.emit('Slice', [c.value('x'), c.graph.int64s([start]), c.graph.int64s([end]), c.graph.int64s([axis])]);
    start = end;
    return piece;
  });
}

function concat(c: KernelContext): string {
  const values = c.kernel.inputs.map((i) => c.value(i.name));
  return c.graph.emit('Concat', values, [int('axis', fromFront(c.attr<number>('axis'), c.kernel.inputs[0].shape.length))]);
}

/** tfjs's stack: each input given a new axis of size 1 there, then concatenated along it. */
function pack(c: KernelContext): string {
  const axis = fromFront(c.attr<number>('axis'), c.outShape().length);
  const items = c.kernel.inputs.map((i) => reshapeTo(c, c.value(i.name), [...i.shape.slice(0, axis), 1, ...i.shape.slice(axis)]));
  return c.graph.emit('Concat', items, [int('axis', axis)]);
}

/**
 * A gather whose out-of-range indices give NaN rows (float tables): ONNX's Gather would wrap a
 * negative index to the table's end, where tfjs's cpu kernel throws, so a bad index shows as
 * NaN instead of as a plausible row.
 */
function gather(c: KernelContext): string {
  if (c.attr<number>('batchDims') !== 0) throw new TraceRefusal('GatherV2 with batchDims has no ONNX translation here');
  const table = c.input('x');
  const indices = c.input('indices');
  const axis = fromFront(c.attr<number>('axis'), table.shape.length);
  const attributes = [int('axis', axis)];
  if (table.dtype !== 'float32') return c.graph.emit('Gather', [c.value('x'), c.value('indices')], attributes);
  const g = c.graph;
  const index = c.value('indices');
  const valid = g.emit('And', [g.emit('GreaterOrEqual', [index, g.scalar(0, indices.dtype)]), g.emit('Less', [index, g.scalar(table.shape[axis], indices.dtype)])]);
  const rows = g.emit('Gather', [c.value('x'), g.emit('Where', [valid, index, g.scalar(0, indices.dtype)])], attributes);
  // `valid` has the indices' shape; it broadcasts over the table's other axes in the output.
  const validShape = [...table.shape.slice(0, axis).map(() => 1), ...indices.shape, ...table.shape.slice(axis + 1).map(() => 1)];
  return g.emit('Where', [g.emit('Reshape', [valid, g.int64s(validShape)]), rows, g.scalar(NaN, 'float32')]);
}

function pad(c: KernelContext): string {
  const paddings = c.attr<[number, number][]>('paddings');
  const pads = [...paddings.map((p) => p[0]), ...paddings.map((p) => p[1])];
  return c.graph.emit('Pad', [c.value('x'), c.graph.int64s(pads), c.graph.scalar(c.attr<number>('constantValue') ?? 0, c.input('x').dtype)]);
}

/**
 * tfjs's one-hot: `onValue` where the index equals the position along the new last axis, else
 * `offValue`. Written as a comparison with a range, so an index outside [0, depth) gives a row
 * of `offValue` as in tfjs (ONNX's OneHot would wrap a negative index).
 */
function oneHot(c: KernelContext): string {
  const g = c.graph;
  const depth = c.attr<number>('depth');
  const dtype = c.kernel.outputs[0].dtype;
  const indices = c.input('indices');
  const positions = g.constant(Int32Array.from({ length: depth }, (_, i) => i), [depth]);
  const index = g.emit('Reshape', [g.cast(c.value('indices'), 'int32'), g.int64s([...indices.shape, 1])]);
  return g.emit('Where', [g.emit('Equal', [index, positions]), g.scalar(c.attr<number>('onValue'), dtype), g.scalar(c.attr<number>('offValue'), dtype)]);
}

/**
 * tfjs's unsorted segment sum (the gradient of a gather): row i of `x` added to row
 * `segmentIds[i]` of a zero table of `numSegments` rows; ids outside the table are dropped, as
 * tfjs drops them. ScatterND with reduction `add` (opset 16).
 */
function unsortedSegmentSum(c: KernelContext): string {
  const g = c.graph;
  const ids = c.input('segmentIds');
  if (ids.shape.length !== 1) throw new TraceRefusal('UnsortedSegmentSum with segment ids of rank other than 1 has no ONNX translation here');
  const out = c.outShape();
  const valid = g.emit('And', [g.emit('GreaterOrEqual', [c.value('segmentIds'), g.scalar(0, ids.dtype)]), g.emit('Less', [c.value('segmentIds'), g.scalar(out[0], ids.dtype)])]);
  // A dropped row is added to row 0 as zeros.
  const rowShape = [ids.shape[0], ...out.slice(1).map(() => 1)];
  const rows = g.emit('Where', [g.emit('Reshape', [valid, g.int64s(rowShape)]), c.value('x'), g.scalar(0, c.input('x').dtype)]);
  const kept = g.emit('Where', [valid, c.value('segmentIds'), g.scalar(0, ids.dtype)]);
  const index = g.emit('Reshape', [g.emit('Cast', [kept], [{ name: 'to', int: ONNX_DATA_TYPES.int64 }]), g.int64s([ids.shape[0], 1])]);
  const zeros = g.emit('Expand', [g.scalar(0, c.kernel.outputs[0].dtype), g.int64s(out)]);
  return g.emit('ScatterND', [zeros, index, rows], [{ name: 'reduction', string: 'add' }]);
}

/** tfjs's range: start, start + step, … below stop (the numbers are attributes, so batch-fitted). */
function range(c: KernelContext): string {
  const dtype = c.kernel.outputs[0].dtype;
  return c.graph.emit('Range', [c.graph.scalar(c.attr<number>('start'), dtype), c.graph.scalar(c.attr<number>('stop'), dtype), c.graph.scalar(c.attr<number>('step'), dtype)]);
}

/** tfjs's arg-max along one axis (int32; ties: the first index, as in tfjs). */
function argMax(c: KernelContext): string {
  const axes = axesOf(c.attr<number | number[]>('axis'), c.input('x').shape.length);
  if (axes.length !== 1) throw new TraceRefusal('ArgMax over several axes has no ONNX translation here');
  const index = c.graph.emit('ArgMax', [c.value('x')], [int('axis', axes[0]), int('keepdims', 0), int('select_last_index', 0)]);
  return c.graph.cast(index, 'int32');
}

/** tfjs's step (ReLU's gradient): 1 where x > 0, else `alpha`; NaN stays NaN. */
function step(c: KernelContext): string {
  const g = c.graph;
  const x = c.value('x');
  const dtype = c.input('x').dtype;
  const stepped = g.emit('Where', [g.emit('Greater', [x, g.scalar(0, dtype)]), g.scalar(1, dtype), g.scalar(c.attr<number>('alpha'), dtype)]);
  return g.emit('Where', [g.emit('IsNaN', [x]), x, stepped]);
}

/** A tensor of the kernel's output shape, every element `value`. */
const filled =
  (value: (c: KernelContext) => number): Translation =>
  (c) =>
    c.graph.emit('Expand', [c.graph.scalar(value(c), c.kernel.outputs[0].dtype), c.graph.int64s(c.outShape())]);

/** tfjs-core 4.x kernel names, and their ONNX (opset 16) equivalents. */
export const TRANSLATIONS: Readonly<Record<string, Translation>> = {
  Identity: unary('Identity'),
  Erf: unary('Erf'),
  Exp: unary('Exp'),
  Log: unary('Log'),
  Sqrt: unary('Sqrt'),
  Rsqrt: (c) => c.graph.emit('Reciprocal', [c.graph.emit('Sqrt', [c.value('x')])]),
  Reciprocal: unary('Reciprocal'),
  Square: (c) => c.graph.emit('Mul', [c.value('x'), c.value('x')]),
  Neg: unary('Neg'),
  Abs: unary('Abs'),
  Floor: unary('Floor'),
  Ceil: unary('Ceil'),
  Sign: unary('Sign'),
  Relu: unary('Relu'),
  Relu6: (c) => c.graph.emit('Clip', [c.value('x'), c.graph.scalar(0, 'float32'), c.graph.scalar(6, 'float32')]),
  Elu: unary('Elu'),
  Sigmoid: unary('Sigmoid'),
  Tanh: unary('Tanh'),
  Softplus: unary('Softplus'),
  LeakyRelu: (c) => c.graph.emit('LeakyRelu', [c.value('x')], [{ name: 'alpha', float: c.attr<number>('alpha') }]),
  Prelu: (c) => c.graph.emit('PRelu', [c.value('x'), c.value('alpha')]),
  LogicalNot: unary('Not'),
  Add: binary('Add'),
  Sub: binary('Sub'),
  Multiply: binary('Mul'),
  RealDiv: binary('Div'),
  Maximum: binary('Max'),
  Minimum: binary('Min'),
  Pow: binary('Pow'),
  Equal: binary('Equal'),
  Greater: binary('Greater'),
  GreaterEqual: binary('GreaterOrEqual'),
  Less: binary('Less'),
  LessEqual: binary('LessOrEqual'),
  LogicalAnd: binary('And'),
  LogicalOr: binary('Or'),
  NotEqual: (c) => c.graph.emit('Not', [c.graph.emit('Equal', [c.value('a'), c.value('b')])]),
  SquaredDifference: (c) => {
    const d = c.graph.emit('Sub', [c.value('a'), c.value('b')]);
    return c.graph.emit('Mul', [d, d]);
  },
  AddN: (c) => c.graph.emit('Sum', c.kernel.inputs.map((i) => c.value(i.name))),
  Select: (c) => c.graph.emit('Where', [c.value('condition'), c.value('t'), c.value('e')]),
  Cast: (c) => c.graph.cast(c.value('x'), c.attr<tf.DataType>('dtype')),
  Reshape: (c) => reshapeTo(c, c.value('x'), c.outShape()),
  ExpandDims: (c) => reshapeTo(c, c.value('input'), c.outShape()),
  Transpose: (c) => c.graph.emit('Transpose', [c.value('x')], [ints('perm', c.attr<number[]>('perm'))]),
  BatchMatMul: matmul,
  _FusedMatMul: fusedMatMul,
  Mean: reduce('ReduceMean'),
  Sum: reduce('ReduceSum'),
  Max: reduce('ReduceMax', 'reductionIndices'),
  Min: reduce('ReduceMin'),
  Prod: reduce('ReduceProd'),
  Softmax: (c) => c.graph.emit('Softmax', [c.value('logits')], [int('axis', c.attr<number>('dim'))]),
  Slice: slice,
  SplitV: splitV,
  Concat: concat,
  Pack: pack,
  Tile: (c) => c.graph.emit('Tile', [c.value('x'), c.graph.int64s(c.attr<number[]>('reps'))]),
  GatherV2: gather,
  OneHot: oneHot,
  ArgMax: argMax,
  Range: range,
  Step: step,
  UnsortedSegmentSum: unsortedSegmentSum,
  PadV2: pad,
  Fill: filled((c) => c.attr<number>('value')),
  ZerosLike: filled(() => 0),
  OnesLike: filled(() => 1),
  Conv2D: conv2d,
  FusedConv2D: conv2d,
  MaxPool: pool('MaxPool'),
  AvgPool: pool('AveragePool'),
  FusedBatchNorm: batchNorm,
};
