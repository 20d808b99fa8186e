import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@otfuse/backend';
import type { HostTensor } from '@otfuse/core';
import { firstN, loadMnist } from '@otfuse/data';
import { MlpArchitecture, type MlpConfig } from '@otfuse/generic-mlp';
import { modelTask } from '../models/model-task';
import { ALIGNED_TERMS, planeTerms } from './plane-models';
import { scoreModel } from './score';
import { PlaneScorer } from './score-plane';

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
    const onHeap = await scorer.score(planeTerms(0.5, 0.25), test);
    const mixed = await scoreOf(hostCombination([[0.25, anchor], [0.5, ot], [0.25, vanilla]]));
    // The heap rounds each product to float32, the host only the sum: the models differ in the last bits.
    expect(onHeap.loss).toBeCloseTo(mixed.loss, 4);
    expect(Math.abs(onHeap.accuracy - mixed.accuracy)).toBeLessThanOrEqual(1 / test.size);
  });

  it("holds the aligned model 2·θ_OT − θ_anchor, and lets each point's tensors go", async () => {
    const held = tf.memory().numTensors;
    scorer.holdCombination('aligned', ALIGNED_TERMS);
    const params = anchor.size;
    expect(tf.memory().numTensors).toBe(held + params);
    const aligned = await scorer.score([[1, 'aligned']], test);
    expect(aligned.loss).toBeCloseTo((await scoreOf(hostCombination([[2, ot], [-1, anchor]]))).loss, 4);
    // Scoring a model the usual way made and freed its own variables.
    expect(tf.memory().numTensors).toBe(held + params);
    for (const u of [-0.25, 0.5, 1.25]) {
      await scorer.score(planeTerms(u, 0.5), test);
      expect(tf.memory().numTensors).toBe(held + params);
    }
    scorer.release('aligned');
    expect(tf.memory().numTensors).toBe(held);
  });

  it('frees everything it made when disposed: its variables and the three models it holds', () => {
    const live = tf.memory().numTensors;
    scorer.dispose();
    expect(tf.memory().numTensors).toBe(live - 4 * anchor.size);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
