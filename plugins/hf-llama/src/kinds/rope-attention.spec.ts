import { InMemoryWeights, RecordedMap, fuseModels, resolvePermutations, shapeTable } from '@otfuse/core';
import { DependencyContainer } from 'tsyringe';
import { fusionContainer } from '../__tests__/fusion-container';
import { worstBlockDeviation } from '../__tests__/block-deviation';
import { tinyInputs, tinyLlama } from '../__tests__/tiny';
import { LlamaArchitecture } from '../architecture';

const architecture = new LlamaArchitecture();

describe('the RoPE grouped-query attention kind', () => {
  let container: DependencyContainer;
  beforeAll(async () => {
    container = await fusionContainer();
  });

  it.each(['acts', 'wts'] as const)('mixes only whole Q/K heads between two different Llamas with Sinkhorn (%s)', (mode) => {
    const config = tinyLlama();
    const maps: RecordedMap[] = [];
    const samples = tinyInputs(config, 12, 3);
    try {
      fuseModels({
        container,
        architecture,
        models: [1, 2].map((seed) => ({ config, weights: new InMemoryWeights(architecture.init(config, seed)) })),
        options: { mode, solver: 'sinkhorn', sinkhornReg: 0.1 },
        samples,
        onMap: (m) => maps.push(m),
      });
    } finally {
      samples.dispose();
    }
    const qk = maps.filter((m) => / › [QK]$/.test(m.label));
    expect(qk.map((m) => m.label)).toEqual(['model.layers.0.self_attn › Q', 'model.layers.0.self_attn › K', 'model.layers.1.self_attn › Q', 'model.layers.1.self_attn › K']);
    for (const m of qk) {
      expect(worstBlockDeviation(m.map, config.headDim)).toBe(0);
      // A soft map: heads really are mixed, not merely permuted.
      expect(m.map.data.some((v) => v > 1e-3 && v < 0.999)).toBe(true);
    }
    // The value map may mix dimensions inside a head: nothing rotates them.
    const value = maps.find((m) => m.label === 'model.layers.0.self_attn › V')!;
    expect(worstBlockDeviation(value.map, config.headDim)).toBeGreaterThan(0);
  });

  it('declares whole Q/K heads fixed inside, query heads grouped under KV heads, V free inside and O following V', () => {
    const config = tinyLlama();
    const structure = resolvePermutations(architecture.graph(config), shapeTable(new InMemoryWeights(architecture.init(config, 1))));
    const id = 'model.layers.0.self_attn';
    const inner = structure.classes.filter((c) => c.spaces[0].startsWith(`${id}:`));
    const [r, kv] = [config.numHeads / config.numKvHeads, { count: config.numKvHeads, group: `${id}:kv-heads` }];
    const query = { count: config.numHeads, group: `${id}:query-heads`, parent: { group: kv.group, perParent: r } };
    expect(inner.map((c) => [c.spaces[0], c.heads, c.axes.map((a) => `${a.param.replace(`${id}.`, '')}@${a.axis}`)])).toEqual([
      [`${id}:q`, { ...query, within: 'fixed' }, ['q_proj.weight@0']],
      [`${id}:k`, { ...kv, within: 'fixed' }, ['k_proj.weight@0']],
      [`${id}:v`, kv, ['v_proj.weight@0']],
      [`${id}:o-input`, { ...query, within: { follows: `${id}:v` } }, ['o_proj.weight@1']],
    ]);
    expect(structure.unpermuted).toEqual([]);
  });
});
