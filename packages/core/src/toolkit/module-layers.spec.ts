import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../__tests__/setup-backend';
import { layerNormModule, linearModule, moduleParam } from './module-layers';

beforeAll(useTestBackend);

describe('layers by module name', () => {
  const params = () => ({
    'dense.weight': tf.tensor2d([1, 0, 0, 2], [2, 2]),
    'dense.bias': tf.tensor1d([1, 1]),
    'norm.weight': tf.tensor1d([1, 1]),
    'norm.bias': tf.tensor1d([0, 0]),
  });
  const x = () => tf.tensor2d([3, 4], [1, 2]);

  it('names parameters as PyTorch does', () => {
    expect(moduleParam('classifier', 'weight')).toBe('classifier.weight');
  });

  it('runs a linear layer with or without its bias', () => {
    expect(Array.from(linearModule(params(), 'dense', x()).dataSync())).toEqual([4, 9]);
    expect(Array.from(linearModule(params(), 'dense', x(), false).dataSync())).toEqual([3, 8]);
  });

  it('runs a layer norm', () => {
    Array.from(layerNormModule(params(), 'norm', x(), 1e-12).dataSync()).forEach((v, i) => expect(v).toBeCloseTo([-1, 1][i], 5));
  });
});
