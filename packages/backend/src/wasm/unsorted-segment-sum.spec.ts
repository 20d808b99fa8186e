import * as tf from '@tensorflow/tfjs';
import { initWasmQuietly, liveCounts, maxAbsDifference, seededTensor, valuesOn } from '../__fixtures__/backends';

const IDS_2D = [
  [1, 4, 4],
  [0, 4, 2],
];

function segmentSums(dtype: 'float32' | 'int32'): tf.Tensor[] {
  const x = tf.cast(tf.mul(seededTensor([6, 2, 3], 31), dtype === 'int32' ? 100 : 1), dtype);
  return [
    tf.unsortedSegmentSum(x, tf.tensor1d([5, 0, 5, 5, 1, 0], 'int32'), 7),
    tf.unsortedSegmentSum(tf.reshape(x, [6, 6]), tf.tensor1d([2, 2, 2, 2, 2, 2], 'int32'), 3),
    // Ids outside [0, numSegments) are dropped.
    tf.unsortedSegmentSum(tf.reshape(x, [6, 6]), tf.tensor1d([-1, 0, 2, 3, 2, 1], 'int32'), 3),
  ];
}

/** Gradient of Σ gather(table, ids, axis) ⊙ r: what an embedding lookup needs to train. */
function gatherGrad(axis: number): tf.Tensor[] {
  const table = seededTensor([5, 6], 32);
  const ids = tf.tensor2d(IDS_2D, [2, 3], 'int32');
  const weights = seededTensor(tf.gather(table, ids, axis).shape, 33);
  return [tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids, axis), weights)))(table)];
}

describe('UnsortedSegmentSum on wasm', () => {
  beforeAll(initWasmQuietly);

  it('is registered for wasm', () => {
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'wasm')).toBeDefined();
  });

  it.each(['float32', 'int32'] as const)('gives the same bits as the cpu backend for %s values', async (dtype) => {
    const wasm = await valuesOn('wasm', () => segmentSums(dtype));
    const cpu = await valuesOn('cpu', () => segmentSums(dtype));
    expect(maxAbsDifference(wasm, cpu)).toBe(0);
  });

  it('keeps the dtype of its input', () => {
    const [dtype, sums] = tf.tidy(() => {
      const result = tf.unsortedSegmentSum(tf.tensor1d([3, 4], 'int32'), tf.tensor1d([0, 0], 'int32'), 1);
      return [result.dtype, result.arraySync()];
    });
    expect(dtype).toBe('int32');
    expect(sums).toEqual([7]);
  });

  it('zeroes segments no id names, also in reused wasm memory', () => {
    const sums = tf.tidy(() => {
      tf.dispose(tf.fill([50, 8], 7));
      return tf.unsortedSegmentSum(tf.ones([2, 8]), tf.tensor1d([3, 3], 'int32'), 50).arraySync() as number[][];
    });
    expect(sums.map((row) => row.every((value) => value === 0))).toEqual(sums.map((_, i) => i !== 3));
    expect(sums[3]).toEqual(new Array(8).fill(2));
  });

  it.each([0, 1])('the gradient of tf.gather along axis %i equals the cpu backend', async (axis) => {
    const wasm = await valuesOn('wasm', () => gatherGrad(axis));
    const cpu = await valuesOn('cpu', () => gatherGrad(axis));
    expect(maxAbsDifference(wasm, cpu)).toBeLessThanOrEqual(1e-6);
  });

  it('leaves no tensor and no wasm buffer behind', () => {
    const before = liveCounts();
    tf.tidy(() => {
      gatherGrad(0);
      segmentSums('float32');
    });
    expect(liveCounts()).toEqual(before);
  });
});
