import { InMemoryWeights, RecordedMap, disposeAll, fuseModels, loadAll } from '@otfuse/core';
import { DependencyContainer } from 'tsyringe';
import { fusionContainer } from '../__tests__/fusion-container';
import { worstBlockDeviation } from '../__tests__/block-deviation';
import { tinyInputs, tinyLlama } from '../__tests__/tiny';
import { LlamaArchitecture } from '../architecture';
import { LlamaConfig } from '../config';

const architecture = new LlamaArchitecture();

// The anchor has 4 query heads over 2 KV heads of 4; each wide model is wider (hidden 24, MLP 40)
// with heads of the same size: more query and KV heads, or more query heads per KV head.
const FAMILIES: [string, Partial<LlamaConfig>][] = [
  ['llama', {}],
  ['mistral', { modelType: 'mistral' }],
  ['qwen2', { modelType: 'qwen2', qkvBias: true }],
];
const WIDE_HEADS: [string, Partial<LlamaConfig>][] = [
  ['8 query heads over 4 KV heads', { numHeads: 8, numKvHeads: 4 }],
  ['8 query heads over 2 KV heads', { numHeads: 8, numKvHeads: 2 }],
  ['6 query heads over 6 KV heads', { numHeads: 6, numKvHeads: 6 }],
];
const CASES = FAMILIES.flatMap(([family, flags]) => WIDE_HEADS.flatMap(([heads, counts]) => (['emd', 'sinkhorn'] as const).map((solver) => [family, heads, solver, flags, counts] as const)));

describe('RoPE grouped-query attention with other head counts (heterogeneous fusion)', () => {
  let container: DependencyContainer;
  beforeAll(async () => {
    container = await fusionContainer();
  });

  it.each(CASES)('fuses a wider %s (%s) into the anchor with %s, mixing whole Q/K heads only', (_family, _heads, solver, flags, counts) => {
    const config = tinyLlama('anchor', flags);
    const wideConfig = tinyLlama('wide', { ...flags, ...counts });
    expect(architecture.incompatibility(wideConfig, config)).toBeUndefined();
    const anchor = new InMemoryWeights(architecture.init(config, 1));
    const maps: RecordedMap[] = [];
    const samples = tinyInputs(config, 12, 3);
    let fused: InMemoryWeights;
    try {
      fused = new InMemoryWeights(
        fuseModels({
          container,
          architecture,
          models: [
            { config: wideConfig, weights: new InMemoryWeights(architecture.init(wideConfig, 2)) },
            { config, weights: anchor },
          ],
          options: { mode: 'acts', solver, sinkhornReg: 0.1 },
          samples,
          onMap: (m) => maps.push(m),
        }).weights,
      );
    } finally {
      samples.dispose();
    }
    for (const name of anchor.names()) expect([name, fused.shape(name)]).toEqual([name, anchor.shape(name)]);

    const d = config.headDim;
    const qk = maps.filter((m) => / › [QK]$/.test(m.label));
    expect(qk).toHaveLength(2 * config.numLayers);
    for (const m of qk) {
      const [n0, n1] = m.label.endsWith('Q') ? [wideConfig.numHeads, config.numHeads] : [wideConfig.numKvHeads, config.numKvHeads];
      expect([m.label, m.map.n0, m.map.n1]).toEqual([m.label, n0 * d, n1 * d]);
      expect([m.label, worstBlockDeviation(m.map, d)]).toEqual([m.label, 0]);
    }
    // Query heads stay with their KV group: a query head's mass goes only to the anchor group its KV head went to.
    const groups = maps.find((m) => m.label === 'model.layers.0.self_attn › KV groups')!.map;
    const q = qk[0].map;
    const [r0, r1] = [wideConfig.numHeads / wideConfig.numKvHeads, config.numHeads / config.numKvHeads];
    for (let a = 0; a < wideConfig.numHeads; a++) {
      for (let b = 0; b < config.numHeads; b++) {
        if (groups.data[Math.floor(a / r0) * groups.n1 + Math.floor(b / r1)] === 0) expect(q.data[a * d * q.n1 + b * d]).toBe(0);
      }
    }

    // The fused model runs as the anchor's architecture.
    const params = loadAll(fused);
    const inputs = tinyInputs(config, 4, 5);
    try {
      const { logits } = architecture.forward(config, params, inputs);
      expect(logits.shape).toEqual([4, 7, config.vocabSize]);
      expect((logits.dataSync() as Float32Array).every(Number.isFinite)).toBe(true);
      logits.dispose();
    } finally {
      inputs.dispose();
      disposeAll(params);
    }
  });
});
