import { FusionError } from '../errors';
import type { PermutationClass, PermutationStructure } from '../graph/feature-spaces';
import { InMemoryWeights } from '../weights';
import { applyFeatureOrders } from './apply-orders';
import { attentionFixture, type Fixture, mlpFixture, randomModel, residualFixture } from './__fixtures__/structures';
import { matchWeights } from './weight-matching';

/** The fixture's structure with class `name` changed. */
function changed(fixture: Fixture, name: string, change: (cls: PermutationClass) => PermutationClass): PermutationStructure {
  return { ...fixture.structure, classes: fixture.structure.classes.map((cls) => (cls.spaces[0] === name ? change(cls) : cls)) };
}

/** The fixture's random model without `param`. */
function without(fixture: Fixture, param: string): InMemoryWeights {
  const model = randomModel(fixture, 1);
  return new InMemoryWeights(new Map(model.names().filter((n) => n !== param).map((n) => [n, model.host(n)])));
}

/** The FusionError both public entry points throw for this structure and model. */
function refusals(structure: PermutationStructure, model: InMemoryWeights, anchor: InMemoryWeights = model): FusionError[] {
  const caught = (run: () => unknown): FusionError => {
    try {
      run();
    } catch (error) {
      if (error instanceof FusionError) return error;
      throw error;
    }
    throw new Error('nothing was thrown');
  };
  return [caught(() => applyFeatureOrders(structure, model, new Map())), caught(() => matchWeights(structure, model, anchor, { seed: 0 }))];
}

const described = (errors: FusionError[]) => errors.map((e) => [e.code, e.message]);

describe('a structure that does not fit the model is refused, naming the class, the parameter and what was expected', () => {
  const mlp = mlpFixture();
  const attention = attentionFixture();

  it('an axis narrower than its class', () => {
    const structure = changed(mlp, 'h1', (cls) => ({ ...cls, axes: [...cls.axes, { param: 'fc1.weight', axis: 0, space: 'h1' }] }));
    const message = "class 'h1' is 12 wide, but axis 0 of 'fc1.weight' [10, 12] has 10 features";
    expect(described(refusals(structure, randomModel(mlp, 1)))).toEqual([['SHAPE_MISMATCH', message], ['SHAPE_MISMATCH', message]]);
  });

  it('a width its heads do not divide, and one head group with two head counts', () => {
    const five = changed(attention, 'attention:qk', (cls) => ({ ...cls, heads: { count: 5, group: 'attention' } }));
    const message = "class 'attention:qk' is 12 wide, which its 5 heads do not divide";
    expect(described(refusals(five, randomModel(attention, 1)))).toEqual([['SHAPE_MISMATCH', message], ['SHAPE_MISMATCH', message]]);
    const four = changed(attention, 'attention:v', (cls) => ({ ...cls, heads: { count: 4, group: 'attention' } }));
    const mixed = "classes 'attention:qk' and 'attention:v' share head group 'attention' but have 3 and 4 heads";
    expect(described(refusals(four, randomModel(attention, 1)))).toEqual([['GRAPH_INVALID', mixed], ['GRAPH_INVALID', mixed]]);
  });

  it('a permuted parameter missing from the model or from the anchor', () => {
    const message = (whose: string) => `class 'attention:qk' permutes axis -1 of 'k.bias', which ${whose} does not have`;
    const [applied, matched] = refusals(attention.structure, without(attention, 'k.bias'), randomModel(attention, 1));
    expect(described([applied, matched])).toEqual([['GRAPH_COVERAGE', message('the model')], ['GRAPH_COVERAGE', message('the model')]]);
    expect(() => matchWeights(attention.structure, randomModel(attention, 1), without(attention, 'k.bias'), { seed: 0 })).toThrow(
      new FusionError('GRAPH_COVERAGE', message('the anchor')),
    );
  });

  it('a copy, its source or an unpermuted parameter missing from the model', () => {
    const residual = residualFixture();
    expect(refusals(residual.structure, without(residual, 'decoder.weight'))[0].message).toBe("'decoder.weight' (a copy of 'embed.weight') is not in the model");
    const sourceless = { ...residual.structure, copies: [{ param: 'decoder.weight', of: 'encoder.weight' }] };
    expect(refusals(sourceless, randomModel(residual, 1))[0].message).toBe("'decoder.weight' is a copy of 'encoder.weight', which the model does not have");
    expect(refusals(residual.structure, without(residual, 'decoder.bias'))[0].message).toBe("unpermuted parameter 'decoder.bias' is not in the model");
  });

  it('an axis the parameter does not have, and an axis two classes permute', () => {
    const outside = changed(mlp, 'h1', (cls) => ({ ...cls, axes: [...cls.axes, { param: 'fc0.bias', axis: 1, space: 'h1' }] }));
    expect(refusals(outside, randomModel(mlp, 1))[0].message).toBe("class 'h1' permutes axis 1 of 'fc0.bias' [12], which has no such axis");
    const twice = changed(mlp, 'h2', (cls) => ({ ...cls, width: 12, axes: [{ param: 'fc0.weight', axis: -2, space: 'h2' }] }));
    expect(refusals(twice, randomModel(mlp, 1))[0].message).toBe("axis -2 of 'fc0.weight' is permuted by both class 'h1' and class 'h2'");
  });

  it('weight matching: anchor and model of different shapes, and bad options', () => {
    const model = randomModel(attention, 1);
    const wider = new InMemoryWeights(new Map(model.names().map((n) => [n, n === 'q.weight' ? { shape: [12, 17], data: new Float32Array(12 * 17) } : model.host(n)])));
    expect(() => matchWeights(attention.structure, model, wider, { seed: 0 })).toThrow(
      new FusionError('SHAPE_MISMATCH', "'q.weight' is [12, 16] in the model but [12, 17] in the anchor; weight matching needs equal shapes"),
    );
    expect(() => matchWeights(attention.structure, model, model, { seed: 0, maxIterations: 0 })).toThrow('maxIterations must be a positive integer, got 0');
    expect(() => matchWeights(attention.structure, model, model, { seed: 0.5 })).toThrow('seed must be a safe integer, got 0.5');
  });
});
