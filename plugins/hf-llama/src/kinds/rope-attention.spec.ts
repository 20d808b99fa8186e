import { InMemoryWeights, RecordedMap, fuseModels, resolvePermutations, shapeTable } from '@otfuse/core';
import { register as registerOt } from '@otfuse/ot';
import { useTestBackend } from '@otfuse/testing';
import { DependencyContainer, container as rootContainer } from 'tsyringe';
import { tinyInputs, tinyLlama } from '../__tests__/tiny';
import { LlamaArchitecture } from '../architecture';
import { register } from '../register';

const architecture = new LlamaArchitecture();

/** The largest deviation of any `d × d` block of an `n × n` map from a multiple of the identity. */
function worstBlockDeviation(map: RecordedMap['map'], d: number): number {
  let worst = 0;
  for (let a = 0; a < map.n0 / d; a++) {
    for (let b = 0; b < map.n1 / d; b++) {
      const scale = map.data[a * d * map.n1 + b * d];
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) worst = Math.max(worst, Math.abs(map.data[(a * d + i) * map.n1 + b * d + j] - (i === j ? scale : 0)));
      }
    }
  }
  return worst;
}

describe('the RoPE grouped-query attention kind', () => {
  let container: DependencyContainer;
  beforeAll(async () => {
    await useTestBackend();
    container = rootContainer.createChildContainer();
    registerOt(container);
    register(container);
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

  it('declares no permutation of the inner Q, K, V or O axes (RoPE forbids moving dimensions inside a Q/K head)', () => {
    const config = tinyLlama();
    const structure = resolvePermutations(architecture.graph(config), shapeTable(new InMemoryWeights(architecture.init(config, 1))));
    const inner = structure.classes.flatMap((c) => c.axes).filter((a) => /self_attn\.[qkv]_proj\.weight$/.test(a.param) ? a.axis === 0 : /o_proj\.weight$/.test(a.param) && a.axis === 1);
    expect(inner).toEqual([]);
    expect(structure.unpermuted).toEqual([]);
  });
});
