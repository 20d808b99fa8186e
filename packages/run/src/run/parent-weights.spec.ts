import type { HostTensor } from '@otfuse/core';
import { ParentWeights } from './parent-weights';

/** A parent of one 4 × 8 tensor (128 bytes as float32) that counts the reads of its checkpoint. */
function countedParent(index: number) {
  const stored: HostTensor = { shape: [4, 8], data: Float32Array.from({ length: 32 }, (_, i) => index + i) };
  const reads = { host: 0, all: 0 };
  const weights = {
    names: () => ['w'],
    shape: () => stored.shape,
    host: () => (reads.host++, { shape: stored.shape, data: stored.data.slice() }),
    all: () => (reads.all++, new Map([['w', { shape: stored.shape, data: stored.data.slice() }]])),
  };
  return { parent: { index, weights }, reads };
}

describe('ParentWeights', () => {
  it('reads a parent within the budget once, for scoring and for the figures, until cleared', () => {
    const { parent, reads } = countedParent(0);
    const weights = new ParentWeights(128);
    const scored = weights.all(parent);
    expect(weights.all(parent)).toBe(scored);
    expect(weights.source(parent)).toBe(scored);
    expect(reads).toEqual({ host: 0, all: 1 });
    weights.clear();
    expect(weights.all(parent)).not.toBe(scored);
    expect(reads.all).toBe(2);
  });

  it('reads a parent over the budget from its checkpoint each time, keeping nothing', () => {
    const { parent, reads } = countedParent(1);
    const weights = new ParentWeights(127);
    weights.all(parent);
    weights.all(parent);
    expect(reads).toEqual({ host: 0, all: 2 });
    const source = weights.source(parent);
    expect(Array.from(source.get('w')?.data ?? [])).toEqual(Array.from({ length: 32 }, (_, i) => 1 + i));
    // The same name again at once (a barrier point's anchor term, then its aligned model's) is not read again.
    source.get('w');
    expect(reads).toEqual({ host: 1, all: 2 });
    source.get('other');
    source.get('w');
    expect(reads).toEqual({ host: 3, all: 2 });
  });
});
