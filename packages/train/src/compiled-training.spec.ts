import * as tf from '@tensorflow/tfjs';
import { ArrayDataset, IGNORE_LABEL, type Dataset } from '@otfuse/data';
import { SeededRandom } from '@otfuse/extension';
import { useTestBackend } from './__fixtures__/backend';
import { createMlp, disposeModel, snapshot } from './__fixtures__/mlp';
import type { ParamModel } from './model';
import { causalLm } from './tasks/causal-lm';
import { classification } from './tasks/classification';
import { maskedLm } from './tasks/masked-lm';
import { spanQa } from './tasks/span-qa';
import { type TrainOptions, train } from './train';

// Assumes this machine's state: onnxruntime-node 1.30.0 is installed and loads.

const VOCAB = 11;
const LENGTH = 6;
const WIDTH = 8;

/**
 * A one-block token model with what a transformer's step holds: an embedding table (gather,
 * whose gradient is a segment sum), a learned first token tiled over the batch, layer norm,
 * attention-like softmax mixing, GELU by erf and a per-token classifier.
 */
function tokenModel(seed: number, validate = false): ParamModel {
  const random = new SeededRandom(seed);
  const normal = (shape: number[], scale: number) => tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.nextNormal() * scale), shape));
  const params = {
    embed: normal([VOCAB, WIDTH], 0.5),
    first: normal([1, 1, WIDTH], 0.5),
    gamma: tf.variable(tf.ones([WIDTH])),
    beta: tf.variable(tf.zeros([WIDTH])),
    query: normal([WIDTH, WIDTH], 0.3),
    mlp: normal([WIDTH, 2 * WIDTH], 0.3),
    out: normal([2 * WIDTH, VOCAB], 0.3),
  };
  return {
    params,
    forward: (p, x) => {
      if (validate && (x.dataSync() as Float32Array).some((id) => id >= VOCAB)) throw new Error(`token id outside the vocabulary of ${VOCAB}`);
      const batch = x.shape[0];
      const ids = tf.cast(x, 'int32');
      const tokens = tf.reshape(tf.gather(p.embed, tf.reshape(ids, [-1])), [batch, LENGTH, WIDTH]);
      const h = tf.concat([tf.tile(p.first, [batch, 1, 1]), tf.slice(tokens, [0, 1, 0], [batch, LENGTH - 1, WIDTH])], 1);
      const mean = tf.mean(h, -1, true);
      const centred = tf.sub(h, mean);
      const normed = tf.add(tf.mul(tf.div(centred, tf.sqrt(tf.add(tf.mean(tf.square(centred), -1, true), 1e-5))), p.gamma), p.beta);
      const q = tf.matMul(tf.reshape(normed, [-1, WIDTH]), p.query);
      const scores = tf.softmax(tf.matMul(tf.reshape(q, [batch, LENGTH, WIDTH]), tf.transpose(normed, [0, 2, 1])));
      const mixed = tf.add(h, tf.matMul(scores, normed));
      const hidden = tf.matMul(tf.reshape(mixed, [-1, WIDTH]), p.mlp);
      const gelu = tf.mul(tf.mul(hidden, 0.5), tf.add(tf.erf(tf.div(hidden, Math.SQRT2)), 1));
      return tf.reshape(tf.matMul(gelu, p.out), [batch, LENGTH, VOCAB]);
    },
  };
}

/** `size` sequences of token ids with a label per position, a third of them ignored. */
function tokenData(size: number, seed: number, badIdAt?: number): Dataset {
  const random = new SeededRandom(seed);
  const x = Float32Array.from({ length: size * LENGTH }, () => random.nextInt(VOCAB));
  if (badIdAt !== undefined) x[badIdAt * LENGTH + 2] = VOCAB + 3;
  const y = Int32Array.from({ length: size * LENGTH }, (_, i) => (i % 3 === 0 ? IGNORE_LABEL : random.nextInt(VOCAB)));
  return new ArrayDataset({ name: 'tokens', split: 'train', inputShape: [LENGTH], numClasses: VOCAB, x, y, labelShape: [LENGTH] });
}

/** Trains a fresh model on each engine and returns both runs' losses and weights. */
async function bothEngines(make: () => ParamModel, data: Dataset, options: TrainOptions) {
  const run = async (setting: string) => {
    process.env.OTFUSE_NATIVE_TRAIN = setting;
    const model = make();
    try {
      const history = await train(model, data, options);
      return { history, weights: snapshot(model) };
    } finally {
      disposeModel(model);
    }
  };
  const tfjs = await run('0');
  const compiled = await run('1');
  return { tfjs, compiled };
}

/** The largest |a − b| over every weight, relative to the weight's largest |a|. */
function largestRelativeDifference(a: Record<string, Float32Array>, b: Record<string, Float32Array>): number {
  let worst = 0;
  for (const [name, values] of Object.entries(a)) {
    const scale = Math.max(...Array.from(values, Math.abs), 1e-6);
    values.forEach((value, i) => (worst = Math.max(worst, Math.abs(value - b[name][i]) / scale)));
  }
  return worst;
}

describe('compiled training steps', () => {
  beforeAll(useTestBackend);
  afterEach(() => delete process.env.OTFUSE_NATIVE_TRAIN);

  it('trains as tfjs does with AdamW: token labels, ignored positions, an embedding, a tiled token, the last batch smaller', async () => {
    // 45 sequences in batches of 8: five full batches, then one of 5 (a third batch size).
    const { tfjs, compiled } = await bothEngines(() => tokenModel(1), tokenData(45, 2), { task: maskedLm, epochs: 2, batchSize: 8, lr: 0.01, weightDecay: 0.1, seed: 3 });
    expect(compiled.history.engine).toEqual({ engine: 'onnxruntime-node', kernels: expect.any(Number) });
    expect(tfjs.history.engine).toEqual({ engine: 'tfjs', reason: 'turned off by OTFUSE_NATIVE_TRAIN=0' });
    expect(compiled.history.losses).toHaveLength(12);
    // float32 rounding in another summation order, carried through 12 steps.
    compiled.history.losses.forEach((loss, i) => expect(loss).toBeCloseTo(tfjs.history.losses[i], 4));
    expect(largestRelativeDifference(tfjs.weights, compiled.weights)).toBeLessThan(1e-4);
    // The steps did train: the last epoch's loss is below the first's.
    expect(compiled.history.losses.slice(6).reduce((a, b) => a + b)).toBeLessThan(compiled.history.losses.slice(0, 6).reduce((a, b) => a + b));
  });

  it('trains as tfjs does with SGD and momentum, and with plain SGD', async () => {
    const images = new ArrayDataset({
      name: 'images',
      split: 'train',
      inputShape: [12],
      numClasses: 3,
      x: Float32Array.from({ length: 40 * 12 }, (_, i) => Math.sin(i * 0.7)),
      y: Int32Array.from({ length: 40 }, (_, i) => i % 3),
    });
    for (const optimizer of [{ optimizer: 'sgd', momentum: 0.9 }, { optimizer: 'sgd' }] as const) {
      const { tfjs, compiled } = await bothEngines(() => createMlp([12, 7, 3], 4), images, { ...optimizer, task: classification, steps: 10, batchSize: 8, lr: 0.05, seed: 1 });
      expect(compiled.history.engine.engine).toBe('onnxruntime-node');
      compiled.history.losses.forEach((loss, i) => expect(loss).toBeCloseTo(tfjs.history.losses[i], 5));
      expect(largestRelativeDifference(tfjs.weights, compiled.weights)).toBeLessThan(1e-5);
    }
  });

  it('trains a causal LM and span QA as tfjs does', async () => {
    const sgd = { optimizer: 'sgd', momentum: 0.9, steps: 10, batchSize: 8, lr: 0.05, seed: 1 } as const;
    const lm = await bothEngines(() => tokenModel(1), tokenData(40, 2), { ...sgd, task: causalLm });
    // Span QA: 12 features per passage → a start and an end logit at each of LENGTH tokens.
    const random = new SeededRandom(7);
    const spans = new ArrayDataset({
      name: 'spans',
      split: 'train',
      inputShape: [12],
      numClasses: LENGTH,
      labelShape: [2],
      x: Float32Array.from({ length: 40 * 12 }, () => random.nextNormal()),
      y: Int32Array.from({ length: 40 * 2 }, (_, i) => (i % 2 === 0 ? random.nextInt(3) : 3 + random.nextInt(LENGTH - 3))),
    });
    const spanModel = (): ParamModel => {
      const mlp = createMlp([12, 7, LENGTH * 2], 4);
      return { params: mlp.params, forward: (p, x) => tf.reshape(mlp.forward(p, x), [x.shape[0], LENGTH, 2]) };
    };
    const qa = await bothEngines(spanModel, spans, { ...sgd, task: spanQa });
    for (const { tfjs, compiled } of [lm, qa]) {
      expect(compiled.history.engine.engine).toBe('onnxruntime-node');
      compiled.history.losses.forEach((loss, i) => expect(loss).toBeCloseTo(tfjs.history.losses[i], 5));
      expect(largestRelativeDifference(tfjs.weights, compiled.weights)).toBeLessThan(1e-5);
    }
  });

  it('reports a bad input in a later batch in the model\'s own words', async () => {
    process.env.OTFUSE_NATIVE_TRAIN = '1';
    const model = tokenModel(1, true);
    // Example 30 holds an id outside the table; the first batch (which the model checked while traced) does not.
    const data = tokenData(40, 2, 30);
    await expect(train(model, data, { task: maskedLm, epochs: 1, batchSize: 8, lr: 0.01, seed: 0 })).rejects.toThrow(new RegExp(`^token id outside the vocabulary of ${VOCAB}$`));
    disposeModel(model);
  });

  it('keeps tfjs and says why for short trainings, small batches and training-mode forward passes', async () => {
    const data = tokenData(40, 2);
    const engineOf = async (model: ParamModel, options: TrainOptions) => {
      const history = await train(model, data, options);
      disposeModel(model);
      return history.engine;
    };
    expect(await engineOf(tokenModel(1), { task: maskedLm, steps: 7, batchSize: 8, lr: 0.01, seed: 0 })).toEqual({ engine: 'tfjs', reason: 'fewer than 8 steps' });
    expect(await engineOf(tokenModel(1), { task: maskedLm, steps: 8, batchSize: 4, lr: 0.01, seed: 0 })).toEqual({ engine: 'tfjs', reason: 'batches of fewer than 5 examples' });
    const withBuffers = tokenModel(1);
    withBuffers.trainingForward = (p, x) => withBuffers.forward(p, x);
    process.env.OTFUSE_NATIVE_TRAIN = '1';
    await expect(engineOf(withBuffers, { task: maskedLm, steps: 8, batchSize: 8, lr: 0.01, seed: 0 })).rejects.toThrow('the model has a training-mode forward pass that updates its buffers');
  });

  it('is deterministic: the same seed gives identical weights', async () => {
    process.env.OTFUSE_NATIVE_TRAIN = '1';
    const run = async () => {
      const model = tokenModel(5);
      await train(model, tokenData(40, 6), { task: maskedLm, steps: 10, batchSize: 8, lr: 0.01, seed: 2 });
      const weights = snapshot(model);
      disposeModel(model);
      return weights;
    };
    expect(await run()).toEqual(await run());
  });
});
