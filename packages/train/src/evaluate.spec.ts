import * as tf from '@tensorflow/tfjs';
import { ArrayDataset } from '@otfuse/data';
import { useTestBackend } from './__fixtures__/backend';
import { evaluate } from './evaluate';
import type { ForwardEngine } from './evaluation-scorer';
import { classification } from './tasks/classification';
import { maskedLm } from './tasks/masked-lm';

/** Inputs are the logits themselves, chosen so every softmax is easy to write down. */
const ln3 = Math.log(3);
const dataset = new ArrayDataset({
  name: 'hand-made',
  split: 'test',
  inputShape: [2],
  numClasses: 2,
  // p(label):     3/4 (right)    1/2 (tie → class 0, wrong)   1/4 (wrong)   1/(1+e^-3) (right)
  x: Float32Array.of(ln3, 0, 0, 0, 0, ln3, 2, 5),
  y: Int32Array.of(0, 1, 0, 1),
});
const perExampleLoss = [Math.log(4 / 3), Math.log(2), Math.log(4), Math.log(1 + Math.exp(-3))];

describe('evaluate', () => {
  beforeAll(useTestBackend);

  it('computes accuracy and mean cross-entropy across batches', async () => {
    const result = await evaluate((x) => tf.clone(x), dataset, { task: classification, batchSize: 3 });
    expect(result.count).toBe(4);
    expect(result.accuracy).toBe(0.5);
    expect(result.loss).toBeCloseTo(perExampleLoss.reduce((a, b) => a + b) / 4, 6);
  });

  it('stops at the limit and accepts a model given as variables', async () => {
    const identity = tf.variable(tf.eye(2));
    const model = { params: { w: identity }, forward: (p: Record<string, tf.Tensor>, x: tf.Tensor) => tf.matMul(x, p.w) };
    const result = await evaluate(model, dataset, { task: classification, limit: 3 });
    expect(result).toEqual({ task: 'classification', accuracy: 1 / 3, loss: expect.any(Number), count: 3, predictions: 3 });
    expect(result.loss).toBeCloseTo((perExampleLoss[0] + perExampleLoss[1] + perExampleLoss[2]) / 3, 6);
    identity.dispose();
  });

  it('leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    await evaluate((x) => tf.mul(x, 2), dataset, { task: classification, batchSize: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the expected and found logits shapes', async () => {
    await expect(evaluate((x) => tf.concat([x, x], 1), dataset, { task: classification })).rejects.toThrow(
      'model output: expected logits [4, 2] for inputs [4, 2], got [4, 4]',
    );
    await expect(evaluate((x) => x, dataset, { task: classification, batchSize: 0 })).rejects.toThrow('batchSize must be a positive integer, got 0');
  });

  it('scores a masked LM on its labelled tokens only: accuracy, loss and perplexity', async () => {
    // Two examples of 3 positions over 2 classes; the inputs are the logits [3, 2] of each example.
    // Labelled: example 0 position 0 (class 0, p 3/4, right) and position 2 (class 1, p 1/2 tie → wrong);
    // example 1 position 1 (class 1, p 1/4, wrong). Every other position is -100 and counts for nothing.
    const tokens = new ArrayDataset({
      name: 'masked',
      split: 'test',
      inputShape: [3, 2],
      numClasses: 2,
      labelShape: [3],
      x: Float32Array.of(ln3, 0, 9, 0, 0, 0, 0, 0, ln3, 0, 0, 9),
      y: Int32Array.of(0, -100, 1, -100, 1, -100),
    });
    const result = await evaluate((x) => tf.clone(x), tokens, { task: maskedLm, batchSize: 1 });
    const loss = (Math.log(4 / 3) + Math.log(2) + Math.log(4)) / 3;
    expect(result).toEqual({ task: 'masked-lm', accuracy: 1 / 3, loss: expect.any(Number), count: 2, predictions: 3, perplexity: expect.any(Number) });
    expect(result.loss).toBeCloseTo(loss, 6);
    expect(result.perplexity).toBeCloseTo(Math.exp(loss), 6);
  });

  describe('forward passes compiled for onnxruntime-node', () => {
    // 40 examples of 6 features, 4 classes: a two-layer MLP in variables.
    const count = 40;
    const features = Float32Array.from({ length: count * 6 }, (_, i) => Math.sin(i * 1.7) * 2);
    const data = new ArrayDataset({ name: 'mlp', split: 'test', inputShape: [6], numClasses: 4, x: features, y: Int32Array.from({ length: count }, (_, i) => i % 4) });
    let model: { params: Record<string, tf.Variable>; forward: (p: Record<string, tf.Tensor>, x: tf.Tensor) => tf.Tensor };
    beforeAll(() => {
      const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.cos(i * seed));
      model = {
        params: { w1: tf.variable(tf.tensor2d(values(48, 0.9), [6, 8])), w2: tf.variable(tf.tensor2d(values(32, 1.3), [8, 4])) },
        forward: (p, x) => tf.matMul(tf.relu(tf.matMul(x, p.w1)), p.w2),
      };
    });
    afterAll(() => Object.values(model.params).forEach((v) => v.dispose()));
    afterEach(() => delete process.env.OTFUSE_NATIVE_FORWARD);

    async function evaluateWith(setting: string | undefined, batchSize: number) {
      if (setting === undefined) delete process.env.OTFUSE_NATIVE_FORWARD;
      else process.env.OTFUSE_NATIVE_FORWARD = setting;
      const engines: ForwardEngine[] = [];
      const result = await evaluate(model, data, { task: classification, batchSize, onForward: (engine) => engines.push(engine) });
      return { result, engines };
    }

    it('gives the metrics tfjs gives, and says which engine ran', async () => {
      const before = tf.memory().numTensors;
      const native = await evaluateWith(undefined, 12);
      const tfjs = await evaluateWith('0', 12);
      // The graph holds the forward pass's 3 kernels and the scoring after it (cross-entropy, arg-max, sums).
      expect(native.engines).toEqual([{ engine: 'onnxruntime-node', kernels: expect.any(Number) }]);
      expect((native.engines[0] as { kernels: number }).kernels).toBeGreaterThan(3);
      expect(tfjs.engines).toEqual([{ engine: 'tfjs', reason: 'turned off by OTFUSE_NATIVE_FORWARD=0' }]);
      expect(native.result.accuracy).toBe(tfjs.result.accuracy);
      expect(native.result.loss).toBeCloseTo(tfjs.result.loss, 5);
      // The same bytes run after run: each batch's sums are the graph's, in one order.
      expect((await evaluateWith(undefined, 12)).result).toEqual(native.result);
      expect(tf.memory().numTensors).toBe(before);
    });

    it("reports a bad index in a later batch in the model's own words, as tfjs does", async () => {
      // A lookup model that checks its indices on the host, as BERT checks its token ids.
      const table = tf.variable(tf.tensor2d(Float32Array.from({ length: 16 }, (_, i) => i / 10), [4, 4]));
      const lookup = {
        params: { table },
        forward: (p: Record<string, tf.Tensor>, x: tf.Tensor) => {
          const bad = Array.from(x.dataSync()).findIndex((v) => v < 0 || v >= 4);
          if (bad >= 0) throw new Error(`index ${x.dataSync()[bad]} is outside the table`);
          return tf.reshape(tf.gather(p.table, tf.cast(x, 'int32')), [x.shape[0], 4]);
        },
      };
      const ids = Float32Array.from({ length: 40 }, (_, i) => i % 4);
      ids[30] = -1;
      const lookups = new ArrayDataset({ name: 'ids', split: 'test', inputShape: [1], numClasses: 4, x: ids, y: Int32Array.from({ length: 40 }, (_, i) => i % 4) });
      const engines: ForwardEngine[] = [];
      await expect(evaluate(lookup, lookups, { task: classification, batchSize: 8, onForward: (e) => engines.push(e) })).rejects.toThrow('index -1 is outside the table');
      expect(engines).toEqual([{ engine: 'onnxruntime-node', kernels: expect.any(Number) }]);
      table.dispose();
    });

    it('keeps a short evaluation on tfjs unless OTFUSE_NATIVE_FORWARD=1', async () => {
      expect((await evaluateWith(undefined, 20)).engines).toEqual([{ engine: 'tfjs', reason: 'fewer than 3 batches to evaluate' }]);
      expect((await evaluateWith('1', 20)).engines).toEqual([{ engine: 'onnxruntime-node', kernels: expect.any(Number) }]);
    });
  });
});
