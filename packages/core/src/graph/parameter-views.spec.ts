import * as tf from '@tensorflow/tfjs';
import { GROUND_METRICS, SOLVERS } from '@otfuse/ot';
import { useTestBackend } from '../__tests__/setup-backend';
import { hostOf, randomTensor, seeded, toRecord } from '../__tests__/tiny-models';
import { fuseWeights } from '../engine/execute';
import { MapSolver } from '../engine/map-solver';
import { resolveFusionOptions } from '../engine/options';
import { permuteModel } from '../permute';
import { ViewedWeights, storedTensors } from '../viewed-weights';
import { InMemoryWeights } from '../weights';
import { GraphBuilder } from './builder';
import { checkModelAgainstGraph } from './check-model';
import { ParameterView, viewedShapes } from './parameter-views';

beforeAll(useTestBackend);

/** GPT-2's layout: Q|K|V side by side in one `[in, 3·out]` Conv1D weight and one bias. */
const qkvViews = (prefix: string, width: number): ParameterView[] =>
  ['q', 'k', 'v'].flatMap((part, i) => [
    { name: `${prefix}.${part}.weight`, source: `${prefix}.c_attn.weight`, slice: { axis: 1, start: i * width, size: width }, transposed: true },
    { name: `${prefix}.${part}.bias`, source: `${prefix}.c_attn.bias`, slice: { axis: 0, start: i * width, size: width } },
  ]);

describe('parameter views', () => {
  it('slices, then transposes, the stored tensor', () => {
    // c_attn.weight is [in 2, out 3·2]: row r holds input r's weights for q0 q1 k0 k1 v0 v1.
    const stored = new InMemoryWeights({
      'a.c_attn.weight': { shape: [2, 6], data: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12) },
      'a.c_attn.bias': { shape: [6], data: Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6) },
    });
    const viewed = new ViewedWeights(stored, qkvViews('a', 2));
    expect(viewed.names().sort()).toEqual(['a.k.bias', 'a.k.weight', 'a.q.bias', 'a.q.weight', 'a.v.bias', 'a.v.weight']);
    expect(viewed.shape('a.k.weight')).toEqual([2, 2]);
    // K's [out, in] weight: out k0 reads inputs (3, 9), out k1 reads (4, 10).
    expect(Array.from(viewed.tensor('a.k.weight').dataSync())).toEqual([3, 9, 4, 10]);
    expect(Array.from(viewed.tensor('a.v.bias').dataSync())).toEqual([Math.fround(0.5), Math.fround(0.6)]);
    expect(Array.from(viewed.tensor('a.c_attn.weight').dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('assembles the stored tensors from the views, bit for bit', () => {
    const random = seeded(3);
    const stored = new InMemoryWeights({ 'a.c_attn.weight': randomTensor([4, 12], random), 'a.c_attn.bias': randomTensor([12], random) });
    const viewed = new ViewedWeights(stored, qkvViews('a', 4));
    const graph = { nodes: [], views: qkvViews('a', 4) };
    const views = new Map(viewed.names().map((n) => [n, { shape: [...viewed.shape(n)], data: viewed.tensor(n).dataSync() as Float32Array }]));
    const back = storedTensors(graph, views, new Map([['a.c_attn.weight', [4, 12]], ['a.c_attn.bias', [12]]]));
    expect(toRecord(back)).toEqual(toRecord(hostOf(stored)));
  });

  it('takes equal parts whatever the width, so models of different widths share one graph', () => {
    const parts = (prefix: string): ParameterView[] =>
      ['q', 'k', 'v'].flatMap((part, i) => [
        { name: `${prefix}.${part}.weight`, source: `${prefix}.c_attn.weight`, slice: { axis: 1, part: i, parts: 3 }, transposed: true },
        { name: `${prefix}.${part}.bias`, source: `${prefix}.c_attn.bias`, slice: { axis: 0, part: i, parts: 3 } },
      ]);
    for (const width of [2, 5]) {
      const shapes = viewedShapes(parts('a'), new Map([['a.c_attn.weight', [width, 3 * width]], ['a.c_attn.bias', [3 * width]]]));
      expect(shapes.get('a.v.weight')).toEqual([width, width]);
      expect(shapes.get('a.k.bias')).toEqual([width]);
    }
    const stored = new InMemoryWeights({ 'a.c_attn.weight': { shape: [2, 6], data: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12) }, 'a.c_attn.bias': { shape: [6], data: new Float32Array(6) } });
    expect(Array.from(new ViewedWeights(stored, parts('a')).tensor('a.k.weight').dataSync())).toEqual([3, 9, 4, 10]);
    expect(() => viewedShapes(parts('a'), new Map([['a.c_attn.weight', [2, 7]], ['a.c_attn.bias', [6]]]))).toThrow(
      "a.c_attn.weight: view 'a.q.weight' is part 0 of 3 equal parts of axis 1, but [2, 7] has 7 there",
    );
  });

  it('refuses views that leave part of a tensor uncovered, overlap or mix layouts', () => {
    const shapes = new Map([['w', [2, 6]]]);
    const half = (start: number, size: number, transposed = false): ParameterView => ({ name: `w${start}`, source: 'w', slice: { axis: 1, start, size }, transposed });
    expect(() => viewedShapes([half(0, 3)], shapes)).toThrow('w: the views of [2, 6] cover 3 of its 6 entries on axis 1');
    expect(() => viewedShapes([half(0, 4), half(3, 3)], shapes)).toThrow('w: the views of [2, 6] leave rows 4… of axis 1 uncovered or covered twice');
    expect(() => viewedShapes([half(0, 3), half(3, 3, true)], shapes)).toThrow('w: the views of [2, 6] mix layouts or slice axes');
    expect(() => viewedShapes([{ name: 'x', source: 'missing' }], shapes)).toThrow("the model has no parameter 'missing'");
  });

  it('fuses attention stored as one [in, 3·out] weight: a permuted copy gives the anchor back exactly', () => {
    const width = 8;
    const g = new GraphBuilder();
    for (const view of qkvViews('h', width)) g.view(view);
    const proj = (part: string) => ({ weight: `h.${part}.weight`, bias: `h.${part}.bias` });
    const out = g.view({ name: 'h.o.weight', source: 'h.c_proj.weight', transposed: true });
    const emb = g.embedding({ id: 'wte', param: 'wte.weight' });
    const attention = g.attention({ id: 'h.attn', input: emb, q: proj('q'), k: proj('k'), v: proj('v'), o: { weight: out, bias: 'h.c_proj.bias' }, heads: 2 });
    g.linear({ id: 'head', weight: 'head.weight', input: attention, fixedOutput: true });
    const graph = g.build();
    const random = seeded(11);
    const anchor = new InMemoryWeights({
      'wte.weight': randomTensor([5, width], random),
      'h.c_attn.weight': randomTensor([width, 3 * width], random),
      'h.c_attn.bias': randomTensor([3 * width], random),
      'h.c_proj.weight': randomTensor([width, width], random),
      'h.c_proj.bias': randomTensor([width], random),
      'head.weight': randomTensor([3, width], random),
    });
    expect(checkModelAgainstGraph(graph, new Map(anchor.names().map((n) => [n, anchor.shape(n)]))).get('h.attn')).toBe(width);
    const permuted = new InMemoryWeights(permuteModel(graph, anchor, seeded(5)));
    expect(permuted.names().sort()).toEqual(anchor.names().sort());
    expect(toRecord(hostOf(permuted))['h.c_attn.weight']).not.toEqual(toRecord(hostOf(anchor))['h.c_attn.weight']);
    const options = resolveFusionOptions({ mode: 'wts', solver: 'emd' }, 2);
    const solver = new MapSolver(SOLVERS.get('emd'), GROUND_METRICS.get(options.groundMetric.type), options);
    const live = tf.memory().numTensors;
    const fused = fuseWeights({ graph, models: [permuted, anchor], options, solver });
    expect(tf.memory().numTensors).toBe(live);
    expect(toRecord(fused)).toEqual(toRecord(hostOf(anchor)));
  });
});
