import * as tf from '@tensorflow/tfjs';
import { fuseModels } from '../fuse-models';
import { GraphBuilder } from '../graph/builder';
import { permuteModel } from '../permute';
import { InMemoryWeights, HostTensor } from '../weights';
import { ArchitecturePlugin } from '../architecture';
import { AlignmentGraph } from '../graph/nodes';
import { chainActivations, chainGraph, chainWeights, coreContainer, hostOf, randomTensor, seeded, toRecord } from '../__tests__/tiny-models';
import { useTestBackend } from '../__tests__/setup-backend';
import { CapturedActivations } from './activations';
import { RecordedMap, fuseWeights } from './execute';
import { MapSolver } from './map-solver';
import { resolveFusionOptions, FusionOptionsInput } from './options';
import { GROUND_METRICS, SOLVERS } from '@otfuse/ot';

beforeAll(useTestBackend);

const solverFor = (options: ReturnType<typeof resolveFusionOptions>) =>
  new MapSolver(
    SOLVERS.get(options.solver),
    GROUND_METRICS.get(options.groundMetric.type),
    options,
  );

function fuseChain(models: InMemoryWeights[], layers: number, input: FusionOptionsInput, x?: tf.Tensor2D) {
  const options = resolveFusionOptions(input, models.length);
  const activations = x ? new CapturedActivations(models.map((m) => chainActivations(m, layers, x))) : undefined;
  try {
    return fuseWeights({ graph: chainGraph(layers), models, options, solver: solverFor(options), activations });
  } finally {
    activations?.dispose();
  }
}

describe('OT fusion of a linear chain', () => {
  it('matches a hand-computed two-neuron case in weight mode', () => {
    const anchor = new InMemoryWeights({
      'fc0.weight': { shape: [2, 2], data: Float32Array.of(1, 0, 0, 2) },
      'fc0.bias': { shape: [2], data: Float32Array.of(0.5, -0.5) },
      'fc1.weight': { shape: [1, 2], data: Float32Array.of(3, 4) },
      'fc1.bias': { shape: [1], data: Float32Array.of(1) },
    });
    // Model 0's neurons are the anchor's, swapped and perturbed.
    const model = new InMemoryWeights({
      'fc0.weight': { shape: [2, 2], data: Float32Array.of(0, 2.2, 0.8, 0) },
      'fc0.bias': { shape: [2], data: Float32Array.of(-0.3, 0.7) },
      'fc1.weight': { shape: [1, 2], data: Float32Array.of(5, 2) },
      'fc1.bias': { shape: [1], data: Float32Array.of(3) },
    });
    const fused = toRecord(fuseChain([model, anchor], 2, { mode: 'wts', solver: 'emd' }));
    const expected = { 'fc0.weight': [0.9, 0, 0, 2.1], 'fc0.bias': [0.6, -0.4], 'fc1.weight': [2.5, 4.5], 'fc1.bias': [2] };
    for (const [k, values] of Object.entries(expected)) {
      fused[k].forEach((v, i) => expect(v).toBeCloseTo(values[i], 6));
    }
  });

  it.each(['acts', 'wts'] as const)('gives the anchor back exactly from a permuted copy (%s, EMD)', (mode) => {
    const anchor = chainWeights([6, 12, 9, 4], 1);
    const permuted = new InMemoryWeights(permuteModel(chainGraph(3), anchor, seeded(7)));
    expect(toRecord(hostOf(permuted))).not.toEqual(toRecord(hostOf(anchor)));
    const x = tf.tensor2d(randomTensor([40, 6], seeded(3)).data, [40, 6]);
    const fused = fuseChain([permuted, anchor], 3, { mode, solver: 'emd' }, mode === 'acts' ? x : undefined);
    x.dispose();
    expect(toRecord(fused)).toEqual(toRecord(hostOf(anchor)));
  });

  it('fusing a model with itself returns it, with Sinkhorn too (up to its blur)', () => {
    const anchor = chainWeights([5, 8, 3], 2);
    const x = tf.tensor2d(randomTensor([30, 5], seeded(4)).data, [30, 5]);
    const exact = fuseChain([anchor, anchor], 2, { solver: 'emd' }, x);
    expect(toRecord(exact)).toEqual(toRecord(hostOf(anchor)));
    const soft = fuseChain([anchor, anchor], 2, { solver: 'sinkhorn', sinkhornReg: 0.01, groundMetric: { norm: 'max' } }, x);
    x.dispose();
    const a = toRecord(hostOf(anchor));
    for (const [k, values] of Object.entries(toRecord(soft))) values.forEach((v, i) => expect(v).toBeCloseTo(a[k][i], 3));
  });

  it('fuses N models: the anchor with two permuted copies gives the anchor', () => {
    const anchor = chainWeights([4, 7, 3], 5);
    const graph = chainGraph(2);
    const copies = [11, 12].map((s) => new InMemoryWeights(permuteModel(graph, anchor, seeded(s))));
    const fused = fuseChain([...copies, anchor], 2, { mode: 'wts', solver: 'emd' });
    const a = toRecord(hostOf(anchor));
    for (const [k, values] of Object.entries(toRecord(fused))) values.forEach((v, i) => expect(v).toBeCloseTo(a[k][i], 5));
  });

  it('fuses a wider model into the anchor shapes (heterogeneous), in both modes', () => {
    const wide = chainWeights([5, 12, 8, 3], 8);
    const anchor = chainWeights([5, 6, 4, 3], 9);
    const x = tf.tensor2d(randomTensor([25, 5], seeded(6)).data, [25, 5]);
    for (const mode of ['acts', 'wts'] as const) {
      const fused = fuseChain([wide, anchor], 3, { mode }, mode === 'acts' ? x : undefined);
      for (const n of anchor.names()) expect(fused.get(n)!.shape).toEqual(anchor.shape(n));
    }
    x.dispose();
  });

  it('leaves no tensor behind', () => {
    const models = [chainWeights([5, 8, 6, 3], 1), chainWeights([5, 8, 6, 3], 2)];
    const before = tf.memory().numTensors;
    const x = tf.tensor2d(randomTensor([20, 5], seeded(1)).data, [20, 5]);
    fuseChain(models, 3, { mode: 'acts' }, x);
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the layer when activations are missing', () => {
    const models = [chainWeights([3, 4, 2], 1), chainWeights([3, 4, 2], 2)];
    const options = resolveFusionOptions({ mode: 'acts' });
    expect(() => fuseWeights({ graph: chainGraph(2), models, options, solver: solverFor(options) })).toThrow(
      'fc0: this fusion needs activations and none were captured',
    );
  });
});

/** in → attention → residual → norm → classifier, as a graph for weight-mode tests. */
function attentionGraph(qkFusion: 'separate' | 'eq_t_map' | 'joint'): AlignmentGraph {
  const g = new GraphBuilder();
  const input = g.linear({ id: 'in', weight: 'in.weight', bias: 'in.bias', input: null });
  const attn = g.attention({
    id: 'attn',
    input,
    heads: 2,
    qkFusion,
    q: { weight: 'q.weight', bias: 'q.bias' },
    k: { weight: 'k.weight', bias: 'k.bias' },
    v: { weight: 'v.weight', bias: 'v.bias' },
    o: { weight: 'o.weight', bias: 'o.bias' },
  });
  const junction = g.residual({ id: 'junction', skip: input, branch: attn });
  const norm = g.norm({ id: 'ln', params: ['ln.weight', 'ln.bias'], input: junction });
  g.linear({ id: 'head', weight: 'head.weight', bias: 'head.bias', input: norm, fixedOutput: true });
  return g.build();
}

function attentionWeights(seed: number): InMemoryWeights {
  const r = seeded(seed);
  const t: Record<string, HostTensor> = {};
  const add = (n: string, shape: number[]) => (t[n] = randomTensor(shape, r));
  add('in.weight', [8, 5]);
  add('in.bias', [8]);
  for (const p of ['q', 'k', 'v']) {
    add(`${p}.weight`, [6, 8]);
    add(`${p}.bias`, [6]);
  }
  add('o.weight', [8, 6]);
  add('o.bias', [8]);
  add('ln.weight', [8]);
  add('ln.bias', [8]);
  add('head.weight', [3, 8]);
  add('head.bias', [3]);
  return new InMemoryWeights(t);
}

describe('OT fusion through attention, residual and norm nodes', () => {
  it.each(['separate', 'eq_t_map', 'joint'] as const)('gives the anchor back from a permuted copy (qk %s)', (qk) => {
    const graph = attentionGraph(qk);
    const anchor = attentionWeights(21);
    const permuted = new InMemoryWeights(permuteModel(graph, anchor, seeded(22)));
    const options = resolveFusionOptions({ mode: 'wts', solver: 'emd', residualPolicy: 'mean' });
    const fused = fuseWeights({ graph, models: [permuted, anchor], options, solver: solverFor(options) });
    expect(toRecord(fused)).toEqual(toRecord(hostOf(anchor)));
  });

  it('gives the anchor back from a permuted copy with head-aware alignment (heads moved whole)', () => {
    const graph = attentionGraph('separate');
    const anchor = attentionWeights(23);
    const permuted = new InMemoryWeights(permuteModel(graph, anchor, seeded(24)));
    const options = resolveFusionOptions({ mode: 'wts', solver: 'emd', attentionHeads: 'head_aware' });
    const fused = fuseWeights({ graph, models: [permuted, anchor], options, solver: solverFor(options) });
    expect(toRecord(fused)).toEqual(toRecord(hostOf(anchor)));
  });

  it('keeps every feature in its head with head-aware alignment, soft maps included', () => {
    const graph = attentionGraph('separate');
    const maps: RecordedMap[] = [];
    const options = resolveFusionOptions({ mode: 'wts', solver: 'sinkhorn', sinkhornReg: 0.5, attentionHeads: 'head_aware' });
    fuseWeights({ graph, models: [attentionWeights(31), attentionWeights(32)], options, solver: solverFor(options), onMap: (m) => maps.push(m) });
    expect(maps.map((m) => m.label)).toEqual(['in', 'attn › Q', 'attn › K', 'attn › V', 'attn › O']);
    for (const { map } of maps.filter((m) => /› [QKV]$/.test(m.label))) {
      const size = map.n1 / 2;
      const targets = Array.from({ length: 2 }, (_, head) => {
        // Where head `head`'s rows send their mass, per anchor head.
        const mass = [0, 0];
        for (let i = head * size; i < (head + 1) * size; i++) for (let j = 0; j < map.n1; j++) mass[Math.floor(j / size)] += map.data[i * map.n1 + j];
        return mass;
      });
      // Each head sends all of its mass (one per row) to one anchor head, and no two to the same.
      const to = targets.map((mass) => mass.findIndex((m) => m > 0));
      targets.forEach((mass, head) => expect(mass[to[head]]).toBeCloseTo(size, 5));
      targets.forEach((mass, head) => expect(mass[1 - to[head]]).toBe(0));
      expect(new Set(to).size).toBe(2);
    }
    // The paper's mixed alignment lets soft maps spread across heads.
    const mixed: RecordedMap[] = [];
    const paper = resolveFusionOptions({ ...options, attentionHeads: 'mixed' });
    fuseWeights({ graph, models: [attentionWeights(31), attentionWeights(32)], options: paper, solver: solverFor(paper), onMap: (m) => mixed.push(m) });
    const q = mixed.find((m) => m.label === 'attn › Q')!.map;
    expect(q.data[0 * q.n1 + 3] + q.data[0 * q.n1 + 4] + q.data[0 * q.n1 + 5]).toBeGreaterThan(0);
  });

  it('resolves the graph through the DI container in fuseModels', () => {
    const graph = attentionGraph('separate');
    const architecture = { id: 'toy', description: 'toy', parameters: [], graph: () => graph } as unknown as ArchitecturePlugin<null>;
    const anchor = attentionWeights(3);
    const result = fuseModels({
      container: coreContainer(),
      architecture,
      models: [
        { config: null, weights: anchor },
        { config: null, weights: anchor },
      ],
      options: { mode: 'wts', solver: 'emd' },
    });
    expect(toRecord(result.weights)).toEqual(toRecord(hostOf(anchor)));
    expect(() =>
      fuseModels({ container: coreContainer(), architecture, models: [{ config: null, weights: anchor }, { config: null, weights: anchor }], options: { mode: 'wts', solver: 'simplex' } }),
    ).toThrow("OT solver 'simplex' not found; available: emd, sinkhorn, sinkhorn-log, sinkhorn_for_widening");
    const pair = [
      { config: null, weights: anchor },
      { config: null, weights: anchor },
    ];
    expect(() => fuseModels({ container: coreContainer(), architecture, models: pair, options: { mode: 'wts' }, captureOptions: { seq_filter: 'only_cls' } })).toThrow(
      "architecture 'toy': unknown parameter 'seq_filter'; its parameters: (none)",
    );
    expect(() => fuseModels({ container: coreContainer(), architecture, models: pair, options: { mode: 'wts', solverParams: { max_iter: -1 } } })).toThrow(
      "OT solver 'sinkhorn': parameter 'max_iter' must be integer ≥ 0, got -1",
    );
  });
});
