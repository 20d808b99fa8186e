import * as tf from '@tensorflow/tfjs';
import { initWasmQuietly, seededTensor } from '../../__fixtures__/backends';
import { installedNativeRuntime } from '../native-matmul-kernels';
import { encodeOnnxModel, type OnnxGraph } from '../onnx-model';
import type { NativeRuntime } from '../onnxruntime';
import { exportForward, type ForwardExport } from './export-forward';
import { encodeOnnxFiles } from './onnx-files';
import { quantizeMatMuls } from './quantize';

// Assumes this machine's state: onnxruntime-node 1.30.0 is installed and loads.

/** Runs a graph of float32 input `x` and output `y` on the native runtime. */
function run(runtime: NativeRuntime, graph: OnnxGraph, x: tf.Tensor, outShape: number[]): Float32Array {
  const out = new Float32Array(tf.util.sizeFromShape(outShape));
  runtime.createSession(encodeOnnxModel(graph)).runInto({ x: { data: x.dataSync() as Float32Array, dims: x.shape } }, { y: { data: out, dims: outShape } });
  return out;
}

const closeTo = (got: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number) => {
  expect(got.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
  expect(worst).toBeLessThanOrEqual(tolerance);
};

describe('exportForward', () => {
  let runtime: NativeRuntime;
  let weight: tf.Tensor;
  let table: tf.Tensor;
  beforeAll(async () => {
    await initWasmQuietly();
    runtime = installedNativeRuntime() as NativeRuntime;
    weight = seededTensor([6, 4], 2);
    table = seededTensor([10, 4], 3);
  });
  afterAll(() => tf.dispose([weight, table]));

  /** A sequence model: `[batch, length, 4]` rows, attention-like scores over the length, projected to 6. */
  const sequenceModel: ForwardExport = {
    fn: (x) => {
      const [batch, length] = x.shape;
      const rows = tf.reshape(x, [batch * length, 4]);
      const projected = tf.reshape(tf.matMul(rows, tf.transpose(weight)), [batch, length, 6]);
      const scores = tf.softmax(tf.matMul(projected, projected, false, true));
      const flat = tf.reshape(scores, [batch * length * length]);
      const mixed = tf.matMul(scores, projected);
      const positions = tf.reshape(tf.cast(tf.range(0, length), 'float32'), [1, length, 1]);
      return tf.add(tf.add(mixed, positions), tf.mean(flat));
    },
    sample: ({ batch, length }) => seededTensor([batch, length, 4], 100 * batch + length),
    inputs: ['x'],
    lengthAxis: 1,
    output: 'y',
    names: new Map(),
  };

  it('gives one graph for every batch size and sequence length, checked against tfjs where it was not traced', () => {
    const exported = exportForward({ ...sequenceModel, names: new Map([[weight, 'dense.weight']]) }, runtime);
    expect(exported.check?.worst).toBeLessThan(1e-5);
    expect(exported.graph.inputs).toEqual([{ name: 'x', elemType: 'float32', dims: ['batch_size', 'sequence_length', 4] }]);
    expect(exported.graph.outputs.map((o) => o.name)).toEqual(['y']);
    expect(exported.graph.initializers?.some((i) => i.name === 'dense.weight')).toBe(true);
    for (const [batch, length] of [
      [1, 1],
      [4, 9],
      [7, 2],
    ]) {
      const x = seededTensor([batch, length, 4], 7 + batch);
      const expected = tf.tidy(() => sequenceModel.fn(x));
      closeTo(run(runtime, exported.graph, x, expected.shape), expected.dataSync(), 1e-4);
      tf.dispose([x, expected]);
    }
  });

  it('names integer inputs as int64 and stacks several into the traced one', () => {
    const packed: ForwardExport = {
      fn: (x) => {
        const [batch, , length] = x.shape;
        const ids = tf.reshape(tf.slice(x, [0, 0, 0], [batch, 1, length]), [batch * length]);
        const mask = tf.cast(tf.reshape(tf.slice(x, [0, 1, 0], [batch, 1, length]), [batch, length, 1]), 'float32');
        return tf.mul(tf.reshape(tf.gather(table, ids), [batch, length, 4]), mask);
      },
      sample: ({ batch, length }) => tf.tensor3d(Array.from({ length: batch * 2 * length }, (_, i) => (i % length) % 2), [batch, 2, length], 'int32'),
      inputs: ['input_ids', 'attention_mask'],
      lengthAxis: 2,
      output: 'logits',
      names: new Map([[table, 'embeddings']]),
    };
    const { graph } = exportForward(packed, runtime);
    expect(graph.inputs).toEqual([
      { name: 'input_ids', elemType: 'int64', dims: ['batch_size', 'sequence_length'] },
      { name: 'attention_mask', elemType: 'int64', dims: ['batch_size', 'sequence_length'] },
    ]);
    expect(graph.outputs).toEqual([{ name: 'logits', elemType: 'float32', dims: ['batch_size', 'sequence_length', 4] }]);
  });

  it('refuses sequences longer than the model takes', () => {
    expect(() => exportForward({ ...sequenceModel, maxLength: 4 }, runtime)).toThrow('sequences of 8 tokens are needed to export with a dynamic length; the model takes at most 4');
  });

  it('quantizes the products by constant matrices to int8 within a few percent', () => {
    const dense: ForwardExport = { ...sequenceModel, fn: (x) => tf.relu(tf.matMul(tf.reshape(x, [-1, 4]), tf.transpose(weight))), lengthAxis: undefined, sample: ({ batch }) => seededTensor([batch, 4], batch) };
    const { graph } = exportForward(dense, runtime);
    const { graph: quantized, quantized: count } = quantizeMatMuls(graph);
    expect(count).toBe(1);
    expect(quantized.nodes.map((n) => n.opType)).toContain('MatMulInteger');
    expect(quantized.initializers?.every((i) => !(i.values instanceof Float32Array) || i.values.length < 24)).toBe(true);
    const x = seededTensor([5, 4], 9);
    const expected = tf.tidy(() => dense.fn(x));
    closeTo(run(runtime, quantized, x, expected.shape), expected.dataSync(), 0.05 * Math.max(...Array.from(expected.dataSync(), Math.abs)));
    tf.dispose([x, expected]);
  });

  it('puts the weights beside the model past the threshold', () => {
    const big = seededTensor([4, 300], 5);
    const { graph } = exportForward({ ...sequenceModel, fn: (x) => tf.matMul(tf.reshape(x, [-1, 4]), big), names: new Map([[big, 'big']]) }, runtime);
    const files = encodeOnnxFiles(graph, 'model.onnx', 1000);
    big.dispose();
    expect(Object.keys(files)).toEqual(['model.onnx', 'model.onnx_data']);
    expect(files['model.onnx_data'].length).toBe(4 * 300 * 4);
    expect(Buffer.from(files['model.onnx']).includes(Buffer.from('model.onnx_data'))).toBe(true);
  });
});
