import * as tf from '@tensorflow/tfjs';
import { ArrayDataset, IGNORE_LABEL, type Dataset } from '@otfuse/data';
import { SeededRandom } from '@otfuse/extension';
import { useTestBackend } from './__fixtures__/backend';
import { disposeModel } from './__fixtures__/mlp';
import { evaluate } from './evaluate';
import type { ForwardEngine } from './evaluation-scorer';
import type { ParamModel } from './model';
import { causalLm } from './tasks/causal-lm';
import { spanQa } from './tasks/span-qa';
import type { Task } from './tasks/task';

// Assumes this machine's state: onnxruntime-node 1.30.0 is installed and loads.

const LENGTH = 6;
const VOCAB = 7;
const WIDTH = 5;
const FEATURES = 4;

const seeded = (random: SeededRandom, shape: number[]) => tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.nextNormal()), shape));

/** Token ids → an embedding, tanh, logits over the vocabulary at every position. */
function tokenModel(): ParamModel {
  const random = new SeededRandom(1);
  return {
    params: { embed: seeded(random, [VOCAB, WIDTH]), out: seeded(random, [WIDTH, VOCAB]) },
    forward: (p, x) => {
      const hidden = tf.tanh(tf.gather(p.embed, tf.reshape(tf.cast(x, 'int32'), [-1])));
      return tf.reshape(tf.matMul(hidden, p.out), [x.shape[0], LENGTH, VOCAB]);
    },
  };
}

/** Token features → tanh layer → a start and an end logit at every token. */
function spanModel(): ParamModel {
  const random = new SeededRandom(2);
  return {
    params: { hidden: seeded(random, [FEATURES, WIDTH]), ends: seeded(random, [WIDTH, 2]) },
    forward: (p, x) => {
      const hidden = tf.tanh(tf.matMul(tf.reshape(x, [-1, FEATURES]), p.hidden));
      return tf.reshape(tf.matMul(hidden, p.ends), [x.shape[0], LENGTH, 2]);
    },
  };
}

/** 30 sequences whose labels are their ids, the last two positions of every third one padding (-100). */
function sequences(): Dataset {
  const random = new SeededRandom(3);
  const x = Float32Array.from({ length: 30 * LENGTH }, () => random.nextInt(VOCAB));
  const y = Int32Array.from(x, (id, i) => (Math.floor(i / LENGTH) % 3 === 0 && i % LENGTH >= LENGTH - 2 ? IGNORE_LABEL : id));
  return new ArrayDataset({ name: 'sequences', split: 'test', inputShape: [LENGTH], numClasses: VOCAB, labelShape: [LENGTH], x, y });
}

/** 30 passages of token features with a span each (start ≤ end), every fifth unanswered. */
function passages(): Dataset {
  const random = new SeededRandom(4);
  const x = Float32Array.from({ length: 30 * LENGTH * FEATURES }, () => random.nextNormal());
  const y = new Int32Array(60);
  for (let i = 0; i < 30; i++) {
    const [start, end] = [random.nextInt(LENGTH), random.nextInt(LENGTH)].sort((a, b) => a - b);
    y.set(i % 5 === 0 ? [IGNORE_LABEL, IGNORE_LABEL] : [start, end], 2 * i);
  }
  return new ArrayDataset({ name: 'passages', split: 'test', inputShape: [LENGTH, FEATURES], numClasses: LENGTH, labelShape: [2], x, y });
}

describe('evaluating a causal LM and span QA through the compiled forward pass', () => {
  beforeAll(useTestBackend);
  afterEach(() => delete process.env.OTFUSE_NATIVE_FORWARD);

  async function evaluateWith(setting: string, model: ParamModel, data: Dataset, task: Task) {
    process.env.OTFUSE_NATIVE_FORWARD = setting;
    const engines: ForwardEngine[] = [];
    const result = await evaluate(model, data, { task, batchSize: 8, onForward: (engine) => engines.push(engine) });
    return { result, engines };
  }

  it.each<[string, () => ParamModel, () => Dataset, Task, number]>([
    // 30 sequences: 5 scored positions each, 2 fewer for the ten padded ones.
    ['causal LM', tokenModel, sequences, causalLm, 30 * 5 - 10 * 2],
    ['span QA', spanModel, passages, spanQa, 24],
  ])('%s: the metrics tfjs gives', async (_, makeModel, makeData, task, predictions) => {
    const model = makeModel();
    const data = makeData();
    const before = tf.memory().numTensors;
    const native = await evaluateWith('1', model, data, task);
    const tfjs = await evaluateWith('0', model, data, task);
    expect(native.engines).toEqual([{ engine: 'onnxruntime-node', kernels: expect.any(Number) }]);
    expect(tfjs.engines).toEqual([{ engine: 'tfjs', reason: 'turned off by OTFUSE_NATIVE_FORWARD=0' }]);
    expect(native.result.predictions).toBe(predictions);
    expect(tfjs.result.predictions).toBe(predictions);
    expect(native.result.accuracy).toBe(tfjs.result.accuracy);
    expect(native.result.loss).toBeCloseTo(tfjs.result.loss, 5);
    expect(native.result.perplexity).toBe(task === causalLm ? Math.exp(native.result.loss) : undefined);
    // Span QA's start and end accuracies come out of the compiled graph as out of tfjs.
    expect([native.result.startAccuracy, native.result.endAccuracy]).toEqual([tfjs.result.startAccuracy, tfjs.result.endAccuracy]);
    if (task === spanQa) expect(native.result.startAccuracy).toBeGreaterThanOrEqual(native.result.accuracy);
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(model);
  });
});
