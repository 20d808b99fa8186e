import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../__tests__/setup-backend';
import { checkPixelValues } from './pixel-values';

beforeAll(useTestBackend);

describe('checkPixelValues', () => {
  it('accepts channels-first images', () => {
    expect(() => checkPixelValues(tf.zeros([2, 3, 8, 8]), 3, 8)).not.toThrow();
    expect(() => checkPixelValues(tf.zeros([2, 3, 8, 6]), 3)).not.toThrow();
  });

  it('throws SHAPE_MISMATCH naming the expected and the given shape', () => {
    expect(() => checkPixelValues(tf.zeros([2, 8, 8, 3]), 3, 8)).toThrow('pixel values: expected [batch, 3, 8, 8] (NCHW), got [2, 8, 8, 3]');
    expect(() => checkPixelValues(tf.zeros([2, 1, 8, 8]), 3)).toThrow('pixel values: expected [batch, 3, height, width] (NCHW), got [2, 1, 8, 8]');
  });
});
