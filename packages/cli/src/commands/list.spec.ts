import { formatRegistry } from './list';

describe('otfuse list', () => {
  it('lists every registered extension with its description and parameters', () => {
    const text = formatRegistry();
    for (const id of ['generic-mlp', 'emd', 'sinkhorn', 'sinkhorn-log', 'sinkhorn_for_widening', 'euclidean', 'cosine', 'mnist', 'fashion-mnist', 'tensors-file']) {
      expect(text).toMatch(new RegExp(`^  ${id} +\\S`, 'm'));
    }
    expect(text).toMatch(/sinkhorn_reg: number \(default 0\.08\)/);
  });
});
