import * as tf from '@tensorflow/tfjs';
import { initWasmQuietly, seededTensor } from '../../__fixtures__/backends';
import { compileForward } from '../native-forward';
import { traceFunction } from './kernel-trace';
import { TRANSLATIONS } from './kernel-translations';

// Assumes this machine's state: onnxruntime-node 1.30.0 is installed and loads.

interface Case {
  /** Input shape at batch 4 (the first axis is the batch). */
  shape: number[];
  fn: (x: tf.Tensor) => tf.Tensor;
}

const w = (shape: number[], seed: number) => seededTensor(shape, seed);
let weights: Record<string, tf.Tensor> = {};

/** Functions of a batch, together calling every kernel that has a translation. */
const CASES: Record<string, Case> = {
  'unary ops': {
    shape: [4, 6],
    fn: (x) => {
      const p = tf.add(tf.abs(x), 0.5);
      const parts = [tf.erf(x), tf.exp(x), tf.log(p), tf.sqrt(p), tf.rsqrt(p), tf.reciprocal(p), tf.square(x), tf.neg(x), tf.floor(tf.mul(x, 3)), tf.ceil(tf.mul(x, 3)), tf.sign(x)];
      const activations = [tf.relu(x), tf.relu6(tf.mul(x, 8)), tf.elu(x), tf.sigmoid(x), tf.tanh(x), tf.softplus(x), tf.leakyRelu(x, 0.3), tf.prelu(x, weights.slope), tf.clone(x)];
      return tf.concat([...parts, ...activations], 1);
    },
  },
  'binary ops and comparisons': {
    shape: [4, 6],
    fn: (x) => {
      const y = tf.sub(tf.mul(x, -0.8), 0.05);
      const steps = (t: tf.Tensor) => tf.floor(tf.mul(t, 2));
      const p = tf.add(tf.abs(x), 0.5);
      const asFloat = (b: tf.Tensor) => tf.cast(b, 'float32');
      const comparisons = [tf.equal(steps(x), steps(y)), tf.greater(x, y), tf.greaterEqual(x, y), tf.less(x, y), tf.lessEqual(x, y), tf.notEqual(steps(x), 0)];
      const logic = [tf.logicalAnd(comparisons[1], comparisons[3]), tf.logicalOr(comparisons[1], comparisons[3]), tf.logicalNot(comparisons[1])];
      return tf.concat([tf.sub(x, y), tf.div(x, p), tf.maximum(x, y), tf.minimum(x, y), tf.pow(p, y), tf.squaredDifference(x, y), tf.addN([x, y, p]), tf.where(comparisons[1], x, y), ...[...comparisons, ...logic].map(asFloat)], 1);
    },
  },
  'reductions and softmax': {
    shape: [4, 3, 5],
    fn: (x) =>
      tf.concat(
        [tf.mean(x, -1), tf.sum(x, 2), tf.tile(tf.reshape(tf.sum(x, 0), [1, 15]), [x.shape[0], 1]), tf.reshape(tf.tile(tf.sum(x, [0, 1], true), [x.shape[0], 1, 1]), [-1, 5]), tf.max(x, 2), tf.min(x, [2]), tf.prod(tf.add(x, 1), 2), tf.reshape(tf.mean(x, [1, 2], true), [-1, 1]), tf.reshape(tf.softmax(x), [-1, 15]), tf.reshape(tf.moments(x, 1).variance, [-1, 5])],
        1,
      ),
  },
  'matmuls, fused and transposed': {
    shape: [4, 6],
    fn: (x) => {
      const plain = tf.matMul(x, weights.m);
      const transposed = tf.matMul(tf.transpose(x), weights.mt, true, true);
      const batched = tf.reshape(tf.matMul(tf.reshape(x, [-1, 2, 3]), tf.reshape(x, [-1, 2, 3]), false, true), [-1, 4]);
      // One matrix with a batch axis of 1, transposed on the left (a weight gradient's shape).
      // A wide left operand transposed (computed as (Bᵀ·A)ᵀ), its [18, 2] result repeated on every row.
      const wide = tf.matMul(tf.concat([x, tf.neg(x), tf.exp(x)], 1), tf.slice(x, [0, 0], [-1, 2]), true, false);
      const wideTransposed = tf.tile(tf.reshape(wide, [1, 36]), [x.shape[0], 1]);
      const singleTransposed = tf.reshape(tf.matMul(tf.reshape(tf.transpose(x), [1, 6, -1]), tf.reshape(weights.m, [1, 6, 5]), true, false), [-1, 5]);
      const fused = (activation: tf.fused.Activation) => tf.fused.matMul({ a: x, b: weights.m, bias: weights.bias, activation });
      return tf.concat([plain, transposed, singleTransposed, wideTransposed, tf.matMul(x, weights.mt, false, true), batched, fused('linear'), fused('relu'), fused('sigmoid'), fused('elu'), fused('relu6')], 1);
    },
  },
  'shape ops': {
    shape: [4, 2, 3],
    fn: (x) => {
      const [left, right] = tf.split(x, [1, 2], 2);
      const stacked = tf.stack([left, left], 1);
      const pieces = [
        tf.reshape(tf.transpose(x, [0, 2, 1]), [-1, 6]),
        tf.reshape(tf.slice(x, [0, 1, 0], [-1, 1, 2]), [-1, 2]),
        tf.reshape(right, [-1, 4]),
        tf.reshape(stacked, [-1, 4]),
        tf.reshape(tf.tile(tf.expandDims(weights.row, 0), [x.shape[0], 1]), [-1, 3]),
        tf.reshape(tf.pad(x, [[0, 0], [1, 0], [0, 2]], 0.25), [-1, 15]),
        tf.reshape(tf.gather(weights.table, tf.cast(tf.mul(tf.abs(x), 2.99), 'int32')), [-1, 48]),
        tf.reshape(tf.zerosLike(left), [-1, 2]),
        tf.reshape(tf.onesLike(left), [-1, 2]),
        tf.add(tf.reshape(left, [-1, 2]), tf.fill([x.shape[0], 2], 0.5)),
      ];
      return tf.concat(pieces, 1);
    },
  },
  'kernels of gradients and scores: one-hot, step, 1-D slices, arg-max, ranges': {
    shape: [4, 6],
    fn: (x) => {
      // Ids 0…8 against a depth of 5: the larger ones give rows of the off value, as in tfjs.
      // (int32 then cast: wasm's OneHot writes int32 values into a float32 result.)
      const ids = tf.reshape(tf.cast(tf.floor(tf.mul(tf.abs(x), 4)), 'int32'), [-1]);
      const hot = tf.cast(tf.reshape(tf.oneHot(ids, 5, 2, -1), [x.shape[0], 30]), 'float32');
      const stepped = tf.step(x, 0.25);
      const column = tf.reshape(tf.slice(tf.reshape(x, [-1]), 2, x.shape[0]), [-1, 1]);
      // Arg-max along the last axis, ties included (the first wins), as float.
      const best = tf.cast(tf.reshape(tf.argMax(tf.floor(tf.reshape(x, [-1, 2, 3])), -1), [-1, 2]), 'float32');
      // A range whose length is the batch's: 0, 3, 6, … per example.
      const counted = tf.reshape(tf.cast(tf.range(0, 3 * x.shape[0], 3, 'int32'), 'float32'), [-1, 1]);
      return tf.concat([hot, stepped, column, best, counted], 1);
    },
  },
  'segment sums (the gradient of a gather), ids outside the table dropped': {
    shape: [4, 6],
    // Rows of x summed into 3 segments by ids 0…5 drawn from x; ids 3…5 fall outside.
    fn: (x) => tf.unsortedSegmentSum(x, tf.reshape(tf.cast(tf.floor(tf.mul(tf.abs(tf.slice(x, [0, 0], [-1, 1])), 3)), 'int32'), [-1]), 3),
  },
  'convolutions, pools and batch norm (NHWC)': {
    shape: [4, 7, 7, 3],
    fn: (x) => {
      const flat = (t: tf.Tensor) => tf.reshape(t, [x.shape[0], -1]);
      const conv = (stride: number, pad: 'same' | 'valid' | number) => flat(tf.conv2d(x as tf.Tensor4D, weights.filter as tf.Tensor4D, stride, pad));
      const fused = flat(tf.fused.conv2d({ x: x as tf.Tensor4D, filter: weights.filter as tf.Tensor4D, strides: 2, pad: 'same', bias: weights.channels, activation: 'relu' }));
      const pools = [tf.maxPool(x as tf.Tensor4D, 3, 2, 'same'), tf.maxPool(x as tf.Tensor4D, 2, 1, 'valid'), tf.avgPool(x as tf.Tensor4D, 3, 2, 'same'), tf.avgPool(x as tf.Tensor4D, 3, 1, 1)].map(flat);
      const normed = flat(tf.batchNorm(x, weights.mean, weights.variance, weights.offset, weights.scale, 1e-3));
      const bare = flat(tf.batchNorm(x, weights.mean, weights.variance, undefined, undefined, 1e-3));
      return tf.concat([conv(1, 'same'), conv(2, 'valid'), conv(2, 1), fused, ...pools, normed, bare], 1);
    },
  },
};

const ALL_KERNELS = Object.keys(TRANSLATIONS);

describe('kernel translations', () => {
  beforeAll(async () => {
    await initWasmQuietly();
    weights = {
      slope: w([6], 1),
      m: w([6, 5], 2),
      mt: w([5, 6], 3),
      bias: w([5], 4),
      row: w([3], 5),
      table: w([3, 8], 6),
      filter: w([3, 3, 3, 4], 7),
      channels: w([4], 8),
      mean: w([3], 9),
      variance: tf.add(tf.abs(w([3], 10)), 0.1),
      offset: w([3], 11),
      scale: w([3], 12),
    };
  });
  afterAll(() => tf.dispose(Object.values(weights)));

  it.each(Object.entries(CASES))('%s: the graph computes what tfjs does at batch 4 and 6', (_, { shape, fn }) => {
    const sample = seededTensor(shape, 20);
    const larger = seededTensor([6, ...shape.slice(1)], 21);
    const outcome = compileForward(fn, sample, 'on');
    if (!('forward' in outcome)) throw new Error(outcome.refused);
    for (const x of [sample, larger]) {
      const expected = tf.tidy(() => fn(x));
      const native = outcome.forward.run(x);
      expect(native.shape).toEqual(expected.shape);
      const want = expected.dataSync();
      const got = native.dataSync();
      const scale = Math.max(1, ...Array.from(want, Math.abs));
      let worst = 0;
      want.forEach((value, i) => (worst = Math.max(worst, Math.abs(got[i] - value))));
      expect(worst).toBeLessThanOrEqual(1e-5 * scale);
      tf.dispose([expected, native]);
    }
    tf.dispose([sample, larger]);
  });

  it('covers every kernel that has a translation', () => {
    const seen = new Set<string>();
    for (const { shape, fn } of Object.values(CASES)) {
      const x = seededTensor(shape, 30);
      traceFunction(([input]) => [fn(input)], [x]).kernels.forEach((k) => seen.add(k.name));
      x.dispose();
    }
    expect(ALL_KERNELS.filter((name) => !seen.has(name))).toEqual([]);
  });
});
