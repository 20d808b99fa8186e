import { GraphBuilder } from './builder';
import { checkModelAgainstGraph } from './check-model';

function mlp() {
  const g = new GraphBuilder();
  const l0 = g.linear({ id: 'layers.0', weight: 'layers.0.weight', bias: 'layers.0.bias', input: null });
  const l1 = g.linear({ id: 'layers.1', weight: 'layers.1.weight', input: l0 });
  g.norm({ id: 'norm', params: ['norm.weight'], input: l1 });
  return g.build();
}

const shapes = (entries: [string, number[]][]) => new Map(entries);

describe('checking a model against its graph', () => {
  it('returns every map width', () => {
    const widths = checkModelAgainstGraph(
      mlp(),
      shapes([
        ['layers.0.weight', [400, 784]],
        ['layers.0.bias', [400]],
        ['layers.1.weight', [200, 400]],
        ['norm.weight', [200]],
      ]),
    );
    expect([...widths]).toEqual([
      ['layers.0', 400],
      ['layers.1', 200],
      ['norm', 200],
    ]);
  });

  it('names the layer, the tensor and both shapes on a width mismatch', () => {
    expect(() =>
      checkModelAgainstGraph(
        mlp(),
        shapes([
          ['layers.0.weight', [300, 784]],
          ['layers.0.bias', [300]],
          ['layers.1.weight', [200, 400]],
          ['norm.weight', [200]],
        ]),
        'parent0',
      ),
    ).toThrow("parent0 › layers.1 › layers.1.weight: the incoming width (from 'layers.0') is 300 but [200, 400] has 400 on axis 1");
  });

  it('rejects parameters no node owns and parameters the model lacks', () => {
    const base: [string, number[]][] = [
      ['layers.0.weight', [4, 3]],
      ['layers.0.bias', [4]],
      ['layers.1.weight', [2, 4]],
      ['norm.weight', [2]],
    ];
    expect(() => checkModelAgainstGraph(mlp(), shapes([...base, ['extra.weight', [1]]]))).toThrow(
      'model: 1 parameter(s) belong to no graph node: extra.weight',
    );
    expect(() => checkModelAgainstGraph(mlp(), shapes(base.slice(1)))).toThrow("model › layers.0: the model has no parameter 'layers.0.weight'");
  });
});
