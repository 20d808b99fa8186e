import { refusePrunedHeads } from './pruned-heads';

describe('refusePrunedHeads', () => {
  it('accepts no pruned heads', () => {
    expect(() => refusePrunedHeads({})).not.toThrow();
    expect(() => refusePrunedHeads({ pruned_heads: {} })).not.toThrow();
  });

  it('refuses pruned heads, naming the key', () => {
    expect(() => refusePrunedHeads({ pruned_heads: { '0': [1] } })).toThrow('config.json › pruned_heads: pruned attention heads are not supported, got {"0":[1]}');
  });
});
