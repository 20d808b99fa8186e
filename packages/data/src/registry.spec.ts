import { DATASETS } from './factories';
import { openDataset } from './registry';

describe('built-in data sets', () => {
  it('build with defaults filled in', async () => {
    const test = await openDataset(DATASETS.get('mnist'), { split: 'test', layout: 'chw' });
    expect([test.name, test.split, test.size]).toEqual(['mnist', 'test', 10000]);
    expect(test.inputShape).toEqual([1, 28, 28]);
    expect((await openDataset(DATASETS.get('mnist'))).inputShape).toEqual([784]);
  });

  it('list what exists when an id is unknown', () => {
    expect(() => DATASETS.get('cifar100')).toThrow("data set 'cifar100' not found; available: mnist, fashion-mnist, tensors-file, cifar10");
  });

  it('reject unknown, mistyped and out-of-range parameters', async () => {
    const mnist = DATASETS.get('mnist');
    await expect(openDataset(mnist, { splt: 'test' })).rejects.toThrow("data set 'mnist': unknown parameter 'splt'; its parameters: split, layout, mean, std, dir");
    await expect(openDataset(mnist, { split: 'valid' })).rejects.toThrow("data set 'mnist': parameter 'split' must be 'train' | 'test', got 'valid'");
    await expect(openDataset(mnist, { std: 0 })).rejects.toThrow("parameter 'std' must be number > 0, got 0");
    await expect(openDataset(mnist, { mean: '0.1' })).rejects.toThrow("parameter 'mean' must be number, got '0.1'");
  });

  it('describe every parameter', () => {
    for (const factory of DATASETS.list()) {
      expect(factory.description.length).toBeGreaterThan(0);
      for (const spec of factory.parameters) expect(spec.description.length).toBeGreaterThan(0);
    }
  });
});
