import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@otfuse/backend';
import type { HostTensor } from '@otfuse/core';
import { firstN, loadMnist } from '@otfuse/data';
import { MlpArchitecture, type MlpConfig } from '@otfuse/generic-mlp';
import { modelTask } from '../models/model-task';
import { ALIGNED_TERMS, planeTerms } from './plane-models';
import { scoreModel } from './score';
import { PlaneScorer, float32Combination } from './score-plane';

const architecture = new MlpArchitecture();
const config: MlpConfig = { inputSize: 784, hiddenSizes: [16], numLabels: 10, activation: 'relu', bias: true };
const weights = (seed: number) => new Map(Object.entries(architecture.init(config, seed)));
const [anchor, ot, vanilla] = [1, 2, 3].map(weights);
// 200 examples in batches of 64: four batches, so `scoreModel` compiles its forward pass too.
const test = firstN(loadMnist({ split: 'test' }), 200);
const BATCH = 64;
const scoreOf = (model: ReadonlyMap<string, HostTensor>) => scoreModel({ architecture, config, task: modelTask(architecture, config), weights: model }, test, BATCH);

/** Σ cₖ·θₖ computed on the host, in float64 before rounding, as a check on the heap's float32 arithmetic. */
function hostCombination(terms: [number, ReadonlyMap<string, HostTensor>][]): Map<string, HostTensor> {
  const [, first] = terms[0];
  return new Map(
    [...first].map(([name, t]) => [name, { shape: [...t.shape], data: Float32Array.from(t.data, (_, i) => terms.reduce((sum, [c, m]) => sum + c * (m.get(name) as HostTensor).data[i], 0)) }]),
  );
}

let scorer: PlaneScorer;
let tensorsBefore: number;

beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  tensorsBefore = tf.memory().numTensors;
  scorer = PlaneScorer.open({ architecture, config, task: modelTask(architecture, config), shape: anchor }, test, BATCH);
  scorer.hold('anchor', anchor);
  scorer.hold('u', ot);
  scorer.hold('v', vanilla);
});

describe('scoring the models of the plane', () => {
  it('compiles one forward pass, which reads each newly assigned model: the corners score as the models themselves', async () => {
    expect(scorer.engine).toMatchObject({ engine: 'onnxruntime-node' });
    // Out of order, so a graph that kept reading the first model's weights would show: the
    // models' losses differ in the second decimal, a graph's summation order in the seventh digit.
    for (const [terms, model] of [
      [planeTerms(1, 0), ot],
      [planeTerms(0, 0), anchor],
      [planeTerms(0, 1), vanilla],
    ] as const) {
      const [onPlane, alone] = [await scorer.score(terms, test), await scoreOf(model)];
      expect({ ...onPlane, loss: 0 }).toEqual({ ...alone, loss: 0 });
      expect(onPlane.loss).toBeCloseTo(alone.loss, 6);
    }
    const [a, o] = [await scoreOf(anchor), await scoreOf(ot)];
    expect(Math.abs(a.loss - o.loss)).toBeGreaterThan(1e-3);
  });

  it('scores a point between them as the model whose weights mix them', async () => {
    const onPlane = await scorer.score(planeTerms(0.5, 0.25), test);
    const mixed = await scoreOf(hostCombination([[0.25, anchor], [0.5, ot], [0.25, vanilla]]));
    // The plane rounds each product to float32, this check only the sum: the models differ in the last bits.
    expect(onPlane.loss).toBeCloseTo(mixed.loss, 4);
    expect(Math.abs(onPlane.accuracy - mixed.accuracy)).toBeLessThanOrEqual(1 / test.size);
  });

  it('reads a model held as a source at every point that uses it, and only then', async () => {
    const reads: string[] = [];
    scorer.hold('counted', { get: (param) => (reads.push(param), vanilla.get(param)) });
    const [counted, held] = [await scorer.score([[1, 'counted']], test), await scorer.score(planeTerms(0, 1), test)];
    expect(counted).toEqual(held);
    expect(reads).toEqual([...vanilla.keys()]);
    await scorer.score([[0.5, 'anchor'], [0.5, 'counted']], test);
    await scorer.score(planeTerms(0.5, 0), test);
    expect(reads).toEqual([...vanilla.keys(), ...vanilla.keys()]);
    scorer.release('counted');
  });

  it("computes the aligned model 2·θ_OT − θ_anchor on the host as points ask for it, and lets each point's tensors go", async () => {
    // The models held stay on the host: the heap holds the variables alone.
    const variables = tf.memory().numTensors;
    scorer.holdCombination('aligned', ALIGNED_TERMS);
    expect(tf.memory().numTensors).toBe(variables);
    const aligned = await scorer.score([[1, 'aligned']], test);
    expect(aligned.loss).toBeCloseTo((await scoreOf(hostCombination([[2, ot], [-1, anchor]]))).loss, 4);
    // Scoring a model the usual way made and freed its own variables.
    expect(tf.memory().numTensors).toBe(variables);
    for (const u of [-0.25, 0.5, 1.25]) {
      await scorer.score(planeTerms(u, 0.5), test);
      expect(tf.memory().numTensors).toBe(variables);
    }
    scorer.release('aligned');
    expect(tf.memory().numTensors).toBe(variables);
  });

  it('frees everything it made when disposed: its variables', () => {
    const live = tf.memory().numTensors;
    scorer.dispose();
    expect(tf.memory().numTensors).toBe(live - anchor.size);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

describe('float32Combination', () => {
  it("gives tfjs's float32 mul and add, bit for bit, term by term from the left", () => {
    const values = [1, 2, 3].map((seed) => [...weights(seed).values()][0].data);
    const cases: [number, Float32Array][][] = [
      [[0.25, values[0]], [0.5, values[1]], [0.25, values[2]]],
      [[2, values[1]], [-1, values[0]]],
      [[1, values[2]], [-0.3, values[0]], [1.7, values[1]]],
    ];
    for (const terms of cases) {
      const expected = tf.tidy(() =>
        terms.map(([c, v]) => (c === 1 ? tf.tensor(v) : tf.mul(tf.tensor(v), c))).reduce((sum, t) => tf.add(sum, t)).dataSync() as Float32Array,
      );
      expect(Array.from(float32Combination(terms))).toEqual(Array.from(expected));
    }
    // A float64 sum rounded once differs in some last bits: the test can tell the two apart.
    const once = Float32Array.from(values[0], (_, i) => 0.25 * values[0][i] + 0.5 * values[1][i] + 0.25 * values[2][i]);
    expect(Array.from(once)).not.toEqual(Array.from(float32Combination(cases[0])));
  });
});
