import * as tf from '@tensorflow/tfjs';
import { initWasmQuietly, liveCounts, maxAbsDifference, seededTensor, valuesOn } from '../__fixtures__/backends';

interface ConvCase {
  input: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
}

const CASES: ConvCase[] = [
  { input: [2, 5, 5, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { input: [2, 5, 5, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { input: [2, 7, 6, 2], filter: [3, 2, 2, 3], strides: 2, pad: 'same' },
  { input: [2, 7, 6, 2], filter: [3, 2, 2, 3], strides: [2, 1], pad: 'valid' },
  { input: [1, 8, 8, 3], filter: [4, 4, 3, 5], strides: 4, pad: 'valid' },
  { input: [3, 6, 6, 2], filter: [3, 3, 2, 2], strides: 1, pad: 1 },
];

const label = (c: ConvCase) =>
  `input [${c.input}] filter [${c.filter}] strides ${JSON.stringify(c.strides)} pad ${c.pad}`;

/** Gradients with respect to input and filter of Σ conv2d(x, w) ⊙ r for a fixed random r. */
function convGrads(c: ConvCase): tf.Tensor[] {
  const x = seededTensor(c.input, 11);
  const w = seededTensor(c.filter, 12);
  const conv = (input: tf.Tensor, filter: tf.Tensor) =>
    tf.conv2d(input as tf.Tensor4D, filter as tf.Tensor4D, c.strides, c.pad);
  const weights = seededTensor(conv(x, w).shape, 13);
  return tf.grads((input: tf.Tensor, filter: tf.Tensor) => tf.sum(tf.mul(conv(input, filter), weights)))([x, w]);
}

/** Calls the kernel itself, as conv2d's gradient does, here with channels-first data. */
function filterGradChannelsFirst(): tf.Tensor[] {
  const x = seededTensor([2, 3, 6, 5], 21);
  const dy = seededTensor([2, 4, 3, 3], 22);
  const attrs: tf.Conv2DBackpropFilterAttrs = {
    strides: 2,
    pad: 'same',
    dataFormat: 'NCHW',
    filterShape: [3, 3, 3, 4],
  };
  return [tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor];
}

describe('Conv2DBackpropFilter on wasm', () => {
  beforeAll(initWasmQuietly);

  it('is registered for wasm', () => {
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
  });

  it.each(CASES.map((c) => [label(c), c]))('conv2d gradients equal the cpu backend: %s', async (_, c) => {
    const wasm = await valuesOn('wasm', () => convGrads(c));
    const cpu = await valuesOn('cpu', () => convGrads(c));
    expect(maxAbsDifference(wasm, cpu)).toBeLessThanOrEqual(1e-6);
  });

  it('gives the same bits as the cpu kernel for channels-first data', async () => {
    const wasm = await valuesOn('wasm', filterGradChannelsFirst);
    const cpu = await valuesOn('cpu', filterGradChannelsFirst);
    expect(wasm[0].length).toBe(3 * 3 * 3 * 4);
    expect(maxAbsDifference(wasm, cpu)).toBe(0);
  });

  it('rejects int32 input with a message naming the kernel and input', () => {
    const x = tf.zeros([1, 3, 3, 1], 'int32');
    const dy = tf.zeros([1, 3, 3, 1]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [1, 1, 1, 1] };
    expect(() => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs)).toThrow(
      "Conv2DBackpropFilter on wasm: input 'x' must be float32, got int32",
    );
    tf.dispose([x, dy]);
  });

  it('leaves no tensor and no wasm buffer behind', () => {
    const before = liveCounts();
    tf.tidy(() => {
      convGrads(CASES[2]);
      filterGradChannelsFirst();
    });
    expect(liveCounts()).toEqual(before);
  });
});
