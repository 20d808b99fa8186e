import { containerWithToy } from '@otfuse/run/testing';
import { formatRegistry } from './list';

describe('otfuse list', () => {
  it('lists every registered extension with its description and parameters', () => {
    const text = formatRegistry();
    for (const id of ['generic-mlp', 'emd', 'sinkhorn', 'sinkhorn-log', 'sinkhorn_for_widening', 'euclidean', 'cosine', 'mnist', 'fashion-mnist', 'tensors-file']) {
      expect(text).toMatch(new RegExp(`^  ${id} +\\S`, 'm'));
    }
    // Every parameter with its type, bounds and default (or required/optional).
    expect(text).toContain("max_iter: integer ≥ 0 (default 1000) — most scaling iterations");
    expect(text).toContain("reg: number > 0 (default 0.08)");
    expect(text).toContain("kernel_precision: 'float32' | 'float64' (default 'float32')");
    expect(text).toContain("seq_filter: 'none' | 'only_cls' | 'window_<k>' (default 'window_6')");
    expect(text).toContain('std: number > 0 (default 1)');
    expect(text).toContain('path: string (required)');
    expect(text).toContain('num_classes: integer ≥ 1 (optional)');
  });
});

describe('a solver registered by a user', () => {
  it('is listed with its parameters, their types, bounds and defaults', () => {
    const text = formatRegistry(containerWithToy());
    expect(text).toMatch(/^ {2}toy-blend +exact OT blended with the independent coupling$/m);
    expect(text).toContain('mix: number ≥ 0, ≤ 1 (default 0) — weight of the independent coupling');
    expect(text).toContain("algorithm: 'network-simplex' | 'assignment' (default 'assignment')");
  });
});
