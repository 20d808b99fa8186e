import { LayerStackKeys } from './layer-stack-keys';

const keys = new LayerStackKeys({ embeddings: ['emb'], layer: 'enc.layer.{i}', parts: ['attn', 'mlp'], count: 2, head: ['norm', 'classifier'] });

describe('LayerStackKeys', () => {
  it("lists each stage's keys in execution order, a block's parts before the block", () => {
    expect(keys.embeddings).toEqual(['emb']);
    expect(keys.layers).toEqual([
      ['enc.layer.0.attn', 'enc.layer.0.mlp', 'enc.layer.0'],
      ['enc.layer.1.attn', 'enc.layer.1.mlp', 'enc.layer.1'],
    ]);
    expect(keys.all()).toEqual(['emb', 'enc.layer.0.attn', 'enc.layer.0.mlp', 'enc.layer.0', 'enc.layer.1.attn', 'enc.layer.1.mlp', 'enc.layer.1', 'norm', 'classifier']);
  });

  it('refuses a key that is not a module, listing the blocks by pattern', () => {
    expect(() => keys.check(['enc.layer.1.mlp', 'classifier'], 'Toy')).not.toThrow();
    expect(() => keys.check(['enc.layer.2'], 'Toy')).toThrow("cannot capture 'enc.layer.2': not a module of this Toy; capturable: emb, enc.layer.<0…1> and its parts (attn, mlp), norm, classifier");
  });
});
