import * as tf from '@tensorflow/tfjs';
import { initWasmQuietly, liveCounts, maxAbsDifference, seededTensor, valuesOn } from '../__fixtures__/backends';
import { disableNativeMatmul, enableNativeMatmul, nativeMatmulEnabled } from '../native/enable-native-matmul';
import { batchMatMulGradConfig } from './batch-matmul-grad';

/** Operand shapes as stored (already transposed where a flag is set). */
interface MatMulCase {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

const FLAGS = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

/** Logical [m, k]·[k, n] with the given batch shapes, stored as the flags require. */
function matMulCase(
  batchA: number[],
  batchB: number[],
  [transposeA, transposeB]: readonly [boolean, boolean],
): MatMulCase {
  const [m, k, n] = [3, 4, 5];
  return {
    a: [...batchA, ...(transposeA ? [k, m] : [m, k])],
    b: [...batchB, ...(transposeB ? [n, k] : [k, n])],
    transposeA,
    transposeB,
  };
}

const SAME_BATCH = FLAGS.flatMap((flags) => [
  matMulCase([], [], flags),
  matMulCase([2], [2], flags),
  matMulCase([2, 3], [2, 3], flags),
]);
const BROADCAST_BATCH = FLAGS.flatMap((flags) => [
  matMulCase([2, 3], [], flags),
  matMulCase([], [2], flags),
  matMulCase([3], [1], flags),
  matMulCase([1, 2], [2, 2], flags),
]);

const label = (c: MatMulCase) => `a [${c.a}] b [${c.b}] transposeA=${c.transposeA} transposeB=${c.transposeB}`;

/** Gradients of Σ (op(a)·op(b)) ⊙ r for a fixed random r, so every entry of dy differs. */
function matMulGrads(c: MatMulCase, broadcastExplicitly = false): tf.Tensor[] {
  const a = seededTensor(c.a, 1);
  const b = seededTensor(c.b, 2);
  const outShape = tf.matMul(tf.zeros(c.a), tf.zeros(c.b), c.transposeA, c.transposeB).shape;
  const weights = seededTensor(outShape, 3);
  const batch = outShape.slice(0, -2);
  const widen = (x: tf.Tensor) => (broadcastExplicitly ? tf.broadcastTo(x, [...batch, ...x.shape.slice(-2)]) : x);
  return tf.grads((x: tf.Tensor, y: tf.Tensor) =>
    tf.sum(tf.mul(tf.matMul(widen(x), widen(y), c.transposeA, c.transposeB), weights)),
  )([a, b]);
}

/** The transpose flags of every BatchMatMul kernel call `compute` makes on wasm. */
async function flagsSeen(compute: () => tf.Tensor[]): Promise<boolean[]> {
  const kernel = tf.getKernel(tf.BatchMatMul, 'wasm') as tf.KernelConfig;
  const flags: boolean[] = [];
  tf.unregisterKernel(tf.BatchMatMul, 'wasm');
  tf.registerKernel({
    ...kernel,
    kernelFunc: (args) => {
      const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
      flags.push(transposeA, transposeB);
      return kernel.kernelFunc(args);
    },
  });
  try {
    await valuesOn('wasm', compute);
  } finally {
    tf.unregisterKernel(tf.BatchMatMul, 'wasm');
    tf.registerKernel(kernel);
  }
  return flags;
}

describe('BatchMatMul gradient with explicit transposes', () => {
  let tfjsGradient: tf.GradConfig | undefined;

  beforeAll(async () => {
    tfjsGradient = tf.getGradient(tf.BatchMatMul);
    await initWasmQuietly();
  });

  afterEach(() => {
    tf.registerGradient(batchMatMulGradConfig);
  });

  it('is the registered BatchMatMul gradient once wasm is initialised', () => {
    expect(tfjsGradient).toBeDefined();
    expect(tf.getGradient(tf.BatchMatMul)).toBe(batchMatMulGradConfig);
  });

  it.each(SAME_BATCH.map((c) => [label(c), c]))('on wasm equals the cpu backend: %s', async (_, c) => {
    const wasm = await valuesOn('wasm', () => matMulGrads(c));
    const cpu = await valuesOn('cpu', () => matMulGrads(c));
    expect(maxAbsDifference(wasm, cpu)).toBeLessThanOrEqual(1e-6);
  });

  describe('on the wasm kernels (onnxruntime-node off), with explicit transposes', () => {
    beforeAll(() => {
      expect(nativeMatmulEnabled()).toBe(true);
      disableNativeMatmul();
    });

    afterAll(() => {
      enableNativeMatmul();
    });

    const cases = [...SAME_BATCH, ...BROADCAST_BATCH].map((c) => [label(c), c] as const);
    it.each(cases)('equals the cpu backend: %s', async (_, c) => {
      const wasm = await valuesOn('wasm', () => matMulGrads(c));
      const reference = await valuesOn('cpu', () => matMulGrads(c, true));
      expect(maxAbsDifference(wasm, reference)).toBeLessThanOrEqual(1e-6);
      // The output-shape probe and the forward product keep their flags; the gradient's have none.
      const { transposeA, transposeB } = c;
      const flags = await flagsSeen(() => matMulGrads(c));
      expect(flags).toEqual([transposeA, transposeB, transposeA, transposeB, false, false, false, false]);
    });
  });

  it('passes the flags on while onnxruntime-node computes the products', async () => {
    expect(nativeMatmulEnabled()).toBe(true);
    const c = matMulCase([2], [2], [true, true]);
    const flags = await flagsSeen(() => matMulGrads(c));
    // dA = op(B)·dCᵀ = matMul(b, dc, true, true); dB = dCᵀ·op(A) = matMul(dc, a, true, true)
    expect(flags).toEqual([true, true, true, true, true, true, true, true]);
  });

  it.each(SAME_BATCH.map((c) => [label(c), c]))('on cpu gives the same bits as tfjs own gradient: %s', async (_, c) => {
    const ours = await valuesOn('cpu', () => matMulGrads(c));
    tf.registerGradient(tfjsGradient as tf.GradConfig);
    const tfjs = await valuesOn('cpu', () => matMulGrads(c));
    expect(maxAbsDifference(ours, tfjs)).toBe(0);
  });

  it.each(SAME_BATCH.map((c) => [label(c), c]))('on wasm equals tfjs own gradient: %s', async (_, c) => {
    const ours = await valuesOn('wasm', () => matMulGrads(c));
    tf.registerGradient(tfjsGradient as tf.GradConfig);
    const tfjs = await valuesOn('wasm', () => matMulGrads(c));
    expect(maxAbsDifference(ours, tfjs)).toBeLessThanOrEqual(1e-6);
  });

  it.each(BROADCAST_BATCH.map((c) => [label(c), c]))(
    'sums broadcast batch axes like an explicit tf.broadcastTo, on wasm and cpu: %s',
    async (_, c) => {
      const wasm = await valuesOn('wasm', () => matMulGrads(c));
      const cpu = await valuesOn('cpu', () => matMulGrads(c));
      const reference = await valuesOn('cpu', () => matMulGrads(c, true));
      expect(maxAbsDifference(wasm, reference)).toBeLessThanOrEqual(1e-6);
      expect(maxAbsDifference(cpu, reference)).toBeLessThanOrEqual(1e-6);
    },
  );

  it('returns the input shapes for broadcast operands, where tfjs own gradient fails', async () => {
    const c = matMulCase([2, 3], [], [false, false]);
    const shapes = (await valuesOn('wasm', () => matMulGrads(c))).map((values) => values.length);
    expect(shapes).toEqual([2 * 3 * 3 * 4, 4 * 5]);
    tf.registerGradient(tfjsGradient as tf.GradConfig);
    await expect(valuesOn('wasm', () => matMulGrads(c))).rejects.toThrow(/gradient of input 'b' has shape '2,3,4,5'/);
  });

  it('leaves no tensor and no wasm buffer behind', () => {
    const a = seededTensor([2, 4, 3], 1);
    const b = seededTensor([5, 4], 2);
    const before = liveCounts();
    const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x, y, true, true)))([a, b]);
    expect(grads.map((g) => g.shape)).toEqual([a.shape, b.shape]);
    tf.dispose(grads);
    expect(liveCounts()).toEqual(before);
    tf.dispose([a, b]);
  });
});
