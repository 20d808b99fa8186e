import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../__tests__/setup-backend';
import { checkParameters } from './parameter-check';

beforeAll(useTestBackend);

describe('checkParameters', () => {
  const shapes = new Map([
    ['dense.weight', [3, 2]],
    ['dense.bias', [3]],
  ]);

  it('accepts the expected names and shapes', () => {
    expect(() => checkParameters(shapes, { 'dense.weight': tf.zeros([3, 2]), 'dense.bias': tf.zeros([3]), extra: tf.zeros([1]) })).not.toThrow();
  });

  it('throws BAD_WEIGHTS naming a missing or mis-shaped parameter', () => {
    expect(() => checkParameters(shapes, { 'dense.weight': tf.zeros([3, 2]) })).toThrow("missing parameter 'dense.bias' (expected shape [3])");
    expect(() => checkParameters(shapes, { 'dense.weight': tf.zeros([2, 3]), 'dense.bias': tf.zeros([3]) })).toThrow("parameter 'dense.weight': expected shape [3, 2], got [2, 3]");
  });
});
