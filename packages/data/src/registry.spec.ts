import { DataError } from './errors';
import { createDefaultDatasetRegistry, mnistFactory } from './factories';

const registry = createDefaultDatasetRegistry;

describe('DatasetRegistry', () => {
  it('builds a registered data set with defaults filled in', async () => {
    const test = await registry().create('mnist', { split: 'test', layout: 'chw' });
    expect([test.name, test.split, test.size]).toEqual(['mnist', 'test', 10000]);
    expect(test.inputShape).toEqual([1, 28, 28]);
    expect((await registry().create('mnist')).inputShape).toEqual([784]);
  });

  it('lists what exists when a name is unknown', () => {
    expect(() => registry().get('cifar100')).toThrow("data set 'cifar100' not found; available: cifar10, fashion-mnist, mnist, tensors-file");
    expect(registry().names()).toEqual(['cifar10', 'fashion-mnist', 'mnist', 'tensors-file']);
  });

  it('refuses a second factory under the same name', () => {
    expect(() => registry().register(mnistFactory)).toThrow(new DataError('DATASET_DUPLICATE', "data set 'mnist' is already registered"));
  });

  it('rejects unknown, mistyped and out-of-range parameters', async () => {
    await expect(registry().create('mnist', { splt: 'test' })).rejects.toThrow(
      "data set 'mnist': unknown parameter 'splt'; known parameters: split, layout, mean, std, dir",
    );
    await expect(registry().create('mnist', { split: 'valid' })).rejects.toThrow("parameter 'split' must be one of train, test, got 'valid'");
    await expect(registry().create('mnist', { std: 0 })).rejects.toThrow("parameter 'std' must be > 0, got 0");
    await expect(registry().create('mnist', { mean: '0.1' })).rejects.toThrow("parameter 'mean' must be a finite number, got '0.1'");
  });

  it('describes every parameter', () => {
    for (const factory of registry().list()) {
      expect(factory.description.length).toBeGreaterThan(0);
      for (const spec of Object.values(factory.params)) expect(spec.description.length).toBeGreaterThan(0);
    }
  });
});
