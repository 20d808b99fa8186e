import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../__tests__/setup-backend';
import { ActivationRecorder, positionRows } from './activation-recorder';

beforeAll(useTestBackend);

describe('ActivationRecorder', () => {
  it('records only the wanted keys, each its own tensor', () => {
    const record = new ActivationRecorder(new Set(['a', 'b']));
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    record.output(['a', 'b', 'c'], x);
    expect([...record.activations.keys()]).toEqual(['a', 'b']);
    record.activations.get('a')?.dispose();
    expect(Array.from(record.activations.get('b')!.dataSync())).toEqual([1, 2, 3, 4]);
    expect(x.isDisposed).toBe(false);
  });

  it('turns an output into rows once, and only when a key is wanted', () => {
    const record = new ActivationRecorder(new Set(['a', 'b']));
    const asRows = jest.fn((t: tf.Tensor) => tf.reshape(t, [-1, 1]) as tf.Tensor2D);
    record.output(['c'], tf.zeros([2, 2]), asRows);
    expect(asRows).not.toHaveBeenCalled();
    record.output(['a', 'b'], tf.zeros([2, 2]), asRows);
    expect(asRows).toHaveBeenCalledTimes(1);
    expect(record.activations.get('b')?.shape).toEqual([4, 1]);
  });

  it('reads a feature map as one row per position', () => {
    const map = tf.tensor4d(Array.from({ length: 12 }, (_, i) => i), [1, 2, 2, 3]);
    expect(positionRows(map).shape).toEqual([4, 3]);
    expect(Array.from(positionRows(map).dataSync().slice(3, 6))).toEqual([3, 4, 5]);
  });
});
