import { FusionError } from '../errors';
import { GraphBuilder, name, validateGraph } from './builder';

describe('graph builder', () => {
  it('fills name templates and rejects a missing variable', () => {
    expect(name('vit.encoder.layer.{i}.attention.{part}', { i: 3, part: 'query' })).toBe('vit.encoder.layer.3.attention.query');
    expect(() => name('layers.{i}.weight', {})).toThrow("template 'layers.{i}.weight' needs a value for {i}");
  });

  it('builds a graph in declaration order', () => {
    const g = new GraphBuilder();
    const a = g.linear({ id: 'a', weight: 'a.w', input: null });
    g.norm({ id: 'n', params: ['n.g'], input: a });
    expect(g.build().nodes.map((n) => n.id)).toEqual(['a', 'n']);
  });

  it('rejects a map read from a later node (a cycle)', () => {
    const graph = {
      nodes: [
        { kind: 'linear' as const, id: 'a', weight: 'a.w', input: 'b' },
        { kind: 'linear' as const, id: 'b', weight: 'b.w', input: 'a' },
      ],
    };
    expect(() => validateGraph(graph)).toThrow("a: reads the map of 'b', which is declared after it (cycle or wrong order)");
  });

  it('rejects unknown references, duplicate ids and doubly-owned parameters', () => {
    const unknown = new GraphBuilder();
    unknown.norm({ id: 'n', params: ['g'], input: 'missing' });
    expect(() => unknown.build()).toThrow("n: reads the map of unknown node 'missing'");

    const duplicate = new GraphBuilder();
    duplicate.linear({ id: 'a', weight: 'a.w', input: null });
    duplicate.linear({ id: 'a', weight: 'b.w', input: null });
    expect(() => duplicate.build()).toThrow("node id 'a' is declared twice");

    const shared = new GraphBuilder();
    shared.linear({ id: 'a', weight: 'w', input: null });
    shared.linear({ id: 'b', weight: 'w', input: 'a' });
    try {
      shared.build();
      throw new Error('expected a coverage error');
    } catch (error) {
      expect(error).toBeInstanceOf(FusionError);
      expect((error as FusionError).code).toBe('GRAPH_COVERAGE');
      expect((error as FusionError).message).toBe("parameter 'w' is owned by both 'a' and 'b'");
    }
  });

  it('rejects a tie to a parameter nobody owns', () => {
    const g = new GraphBuilder();
    g.tie({ id: 'decoder', param: 'decoder.weight', sameAs: 'embeddings.weight' });
    expect(() => g.build()).toThrow("decoder: ties to 'embeddings.weight', which no node owns");
  });
});
