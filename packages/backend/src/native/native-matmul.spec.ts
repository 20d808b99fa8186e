import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { initWasmQuietly, liveCounts, seededTensor } from '../__fixtures__/backends';
import { activeBackend } from '../init-backend';
import { disableNativeMatmul, enableNativeMatmul, nativeMatmulEnabled } from './enable-native-matmul';
import { matmulCalls, NATIVE_MATMUL_THRESHOLDS, nativeMatmulTuning } from './native-matmul-kernels';

// Assumes this machine's state: onnxruntime-node 1.30.0 is installed and loads.

/**
 * Largest |actual − expected| relative to the largest |expected|. The products here sum 40 to
 * 300 terms in [-1, 1): float32 rounding in a different order (blocked, multi-threaded) moves
 * results by a few 1e-7 of their scale, and 1e-5 leaves room for that and nothing more.
 */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  // No globals (Math) in the loop: jest's vm context makes each lookup slow.
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = actual[i] - expected[i];
    const e = expected[i];
    if (d > difference || -d > difference || d !== d) difference = d !== d ? Infinity : d < 0 ? -d : d;
    if (e > scale || -e > scale) scale = e < 0 ? -e : e;
  }
  expect(scale).toBeGreaterThan(0);
  return difference / scale;
}

const TOLERANCE = 1e-5;

/** Values of `compute`'s results, and which path their kernels took. */
function run(compute: () => tf.Tensor[]): { values: Float32Array[]; native: number; wasm: number } {
  const before = { ...matmulCalls };
  const results = tf.tidy(compute);
  const values = results.map((result) => Float32Array.from(result.dataSync()));
  tf.dispose(results);
  return { values, native: matmulCalls.native - before.native, wasm: matmulCalls.wasm - before.wasm };
}

/** The same computation on tfjs-wasm's own kernels. */
function onOriginalWasm(compute: () => tf.Tensor[]): Float32Array[] {
  disableNativeMatmul();
  try {
    return run(compute).values;
  } finally {
    enableNativeMatmul();
  }
}

function expectClose(actual: Float32Array[], expected: Float32Array[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((values, i) => expect(relativeError(values, expected[i])).toBeLessThanOrEqual(TOLERANCE));
}

const FLAGS = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

/** op(a)·op(b) for logical [..., m, k]·[..., k, n], stored as the flags require. */
function operands(batchA: number[], batchB: number[], [m, k, n]: number[], transposeA: boolean, transposeB: boolean) {
  return {
    a: seededTensor([...batchA, ...(transposeA ? [k, m] : [m, k])], 11),
    b: seededTensor([...batchB, ...(transposeB ? [n, k] : [k, n])], 12),
  };
}

describe('native matmul kernels on wasm', () => {
  beforeAll(async () => {
    delete process.env.OTFUSE_NATIVE_MATMUL;
    delete process.env.OTFUSE_THREADS;
    await initWasmQuietly();
  });

  afterEach(() => {
    Object.assign(nativeMatmulTuning, NATIVE_MATMUL_THRESHOLDS);
  });

  it('are installed by initBackend on wasm', () => {
    expect(activeBackend()?.matmul).toMatchObject({ engine: 'onnxruntime-node', version: '1.30.0' });
    expect(nativeMatmulEnabled()).toBe(true);
  });

  // 96·80·112 = 860k multiply-adds, above both thresholds.
  describe.each([
    ['one thread', () => undefined],
    ['all threads', () => (nativeMatmulTuning.minMultiplyAddsMultiThreaded = 0)],
  ])('with %s', (_, configure) => {
    beforeEach(configure);

    it.each(FLAGS)('rank 2, transposeA=%s transposeB=%s, equals wasm', (transposeA, transposeB) => {
      const compute = () => {
        const { a, b } = operands([], [], [96, 80, 112], transposeA, transposeB);
        return [tf.matMul(a, b, transposeA, transposeB)];
      };
      const native = run(compute);
      expect(native).toMatchObject({ native: 1, wasm: 0 });
      expectClose(native.values, onOriginalWasm(compute));
    });

    it.each(FLAGS)('rank 3, transposeA=%s transposeB=%s, equals wasm', (transposeA, transposeB) => {
      const compute = () => {
        const { a, b } = operands([4], [4], [64, 48, 56], transposeA, transposeB);
        return [tf.matMul(a, b, transposeA, transposeB)];
      };
      const native = run(compute);
      expect(native).toMatchObject({ native: 1, wasm: 0 });
      expect(native.values[0].length).toBe(4 * 64 * 56);
      expectClose(native.values, onOriginalWasm(compute));
    });
  });

  it.each([
    [[1], [6]],
    [[6], [1]],
    [[6], []],
    [[], [6]],
    [[2, 3], []],
  ])('broadcasts batch %j against %j as wasm does', (batchA, batchB) => {
    const compute = () => {
      const { a, b } = operands(batchA, batchB, [64, 48, 56], false, false);
      return [tf.matMul(a, b)];
    };
    const native = run(compute);
    expect(native.native).toBe(1);
    expectClose(native.values, onOriginalWasm(compute));
  });

  it('broadcasts [2,1]·[1,3] batches like numpy, where wasm computes the wrong product', () => {
    const { a, b } = operands([2, 1], [1, 3], [64, 48, 56], false, true);
    const native = run(() => [tf.matMul(a, b, false, true)]);
    const explicit = onOriginalWasm(() => [
      tf.matMul(tf.broadcastTo(a, [2, 3, 64, 48]), tf.broadcastTo(b, [2, 3, 56, 48]), false, true),
    ]);
    expect(native.native).toBe(1);
    expectClose(native.values, explicit);
    // tfjs-wasm sizes the batch as max(2, 3): half the output is never written.
    expect(onOriginalWasm(() => [tf.matMul(a, b, false, true)])[0].length).toBe(3 * 64 * 56);
    tf.dispose([a, b]);
  });

  it('writes a product whose allocation grows the wasm heap correctly', () => {
    // The output is larger than the whole heap, so allocating it grows (and moves) the heap
    // that holds the inputs: their views must be taken after that allocation.
    const heap = (tf.backend() as BackendWasm).wasm as unknown as { HEAPU8: Uint8Array };
    const heapBytes = () => heap.HEAPU8.buffer.byteLength;
    const before = heapBytes();
    const columns = Math.ceil(before / 4 / 512) + 64;
    const compute = () => [tf.matMul(seededTensor([512, 16], 5), seededTensor([16, columns], 6))];
    const native = run(compute);
    expect(heapBytes()).toBeGreaterThan(before);
    expect(native.native).toBe(1);
    expectClose(native.values, onOriginalWasm(compute));
  });

  describe('_FusedMatMul', () => {
    const [m, k, n] = [96, 80, 112];
    const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid'] as const;

    interface FusedCase {
      activation: tf.fused.Activation;
      transposeA: boolean;
      transposeB: boolean;
      withBias: boolean;
    }

    function fusedOperands({ activation, transposeA, transposeB, withBias }: FusedCase) {
      const { a, b } = operands([], [], [m, k, n], transposeA, transposeB);
      return {
        // Scaled so that relu6's upper clip and the elu/sigmoid tails are all exercised.
        a: tf.mul(a, 3),
        b,
        bias: withBias ? seededTensor([n], 13) : undefined,
        weights: activation === 'prelu' ? seededTensor([n], 14) : undefined,
      };
    }

    /** tf.fused.matMul: one _FusedMatMul kernel call. */
    const fused = (c: FusedCase) => () => {
      const { a, b, bias, weights } = fusedOperands(c);
      const { activation, transposeA, transposeB } = c;
      const options = { transposeA, transposeB, bias, activation, preluActivationWeights: weights, leakyreluAlpha: 0.15 };
      return [tf.fused.matMul({ a, b, ...options })];
    };

    /** What tfjs defines it as (its fallback under a gradient tape): matMul, add, activation. */
    const unfused = (c: FusedCase) => () => {
      const { a, b, bias, weights } = fusedOperands(c);
      const product = tf.matMul(a, b, c.transposeA, c.transposeB);
      const x = bias === undefined ? product : tf.add(product, bias);
      const activations: Record<tf.fused.Activation, () => tf.Tensor> = {
        linear: () => x,
        relu: () => tf.relu(x),
        relu6: () => tf.relu6(x),
        elu: () => tf.elu(x),
        leakyrelu: () => tf.leakyRelu(x, 0.15),
        prelu: () => tf.prelu(x, weights as tf.Tensor),
        sigmoid: () => tf.sigmoid(x),
      };
      return [activations[c.activation]()];
    };

    it.each(ACTIVATIONS)('with bias and %s equals wasm and its definition', (activation) => {
      const c = { activation, transposeA: false, transposeB: false, withBias: true };
      const native = run(fused(c));
      expect(native).toMatchObject({ native: 1, wasm: 0 });
      expectClose(native.values, onOriginalWasm(fused(c)));
      expectClose(native.values, onOriginalWasm(unfused(c)));
    });

    // tfjs-wasm's own _FusedMatMul adds the bias wrongly with transposeA (4.22): compared with
    // the definition only.
    it.each(FLAGS)('with transposeA=%s transposeB=%s, bias and relu, equals its definition', (tA, tB) => {
      const c = { activation: 'relu' as const, transposeA: tA, transposeB: tB, withBias: true };
      const native = run(fused(c));
      expect(native.native).toBe(1);
      expectClose(native.values, onOriginalWasm(unfused(c)));
    });

    it.each(['linear', 'leakyrelu'] as const)('without bias, %s, equals wasm', (activation) => {
      const c = { activation, transposeA: true, transposeB: true, withBias: false };
      const native = run(fused(c));
      expect(native.native).toBe(1);
      expectClose(native.values, onOriginalWasm(fused(c)));
    });

    it('clips relu6 exactly at 0 and 6 and keeps leakyrelu and prelu exact', () => {
      const [relu6, leaky, prelu, linear] = run(() =>
        (['relu6', 'leakyrelu', 'prelu', 'linear'] as const).map(
          (activation) => fused({ activation, transposeA: false, transposeB: false, withBias: true })()[0],
        ),
      ).values;
      const slopes = seededTensor([n], 14).dataSync();
      const mismatches = { relu6: 0, leakyrelu: 0, prelu: 0 };
      for (let i = 0; i < linear.length; i++) {
        const x = linear[i];
        if (relu6[i] !== Math.min(Math.max(x, 0), 6)) mismatches.relu6++;
        if (leaky[i] !== (x < 0 ? Math.fround(Math.fround(0.15) * x) : x)) mismatches.leakyrelu++;
        if (prelu[i] !== (x < 0 ? Math.fround(slopes[i % n] * x) : x)) mismatches.prelu++;
      }
      expect(mismatches).toEqual({ relu6: 0, leakyrelu: 0, prelu: 0 });
      expect(Math.max(...linear)).toBeGreaterThan(6);
      expect(Math.min(...linear)).toBeLessThan(0);
    });

    it('adds a [m, n] bias, which wasm rejects, as tf.add would', () => {
      const { a, b } = operands([], [], [m, k, n], false, false);
      const bias = seededTensor([m, n], 15);
      const native = run(() => [tf.fused.matMul({ a, b, bias, activation: 'relu' })]);
      expect(native.native).toBe(1);
      expectClose(native.values, onOriginalWasm(() => [tf.relu(tf.add(tf.matMul(a, b), bias))]));
      expect(() => onOriginalWasm(() => [tf.fused.matMul({ a, b, bias })])).toThrow(/only supports rank-1 bias/);
      tf.dispose([a, b, bias]);
    });
  });

  it.each([
    ['32x32x32', [32, 32, 32], false],
    ['80x80x80', [80, 80, 80], false],
    ['16x16x16 with transposeB', [16, 16, 16], true],
  ] as const)('leaves a small product (%s) to wasm', (_, [mm, kk, nn], transposeB) => {
    const compute = () => {
      const { a, b } = operands([], [], [mm, kk, nn], false, transposeB);
      return [tf.matMul(a, b, false, transposeB), tf.fused.matMul({ a, b, transposeB, activation: 'relu' })];
    };
    expect(mm * kk * nn).toBeLessThan(NATIVE_MATMUL_THRESHOLDS.minMultiplyAdds);
    const small = run(compute);
    expect(small).toMatchObject({ native: 0, wasm: 2 });
    expect(small.values).toEqual(onOriginalWasm(compute));
  });

  it('takes even a small product natively where tfjs-wasm gets it wrong', () => {
    const { a, b } = operands([2, 1], [1, 3], [4, 3, 5], false, false);
    const broadcast = run(() => [tf.matMul(a, b)]);
    const explicit = onOriginalWasm(() => [
      tf.matMul(tf.broadcastTo(a, [2, 3, 4, 3]), tf.broadcastTo(b, [2, 3, 3, 5])),
    ]);
    expect(broadcast).toMatchObject({ native: 1, wasm: 0 });
    expectClose(broadcast.values, explicit);

    // A fused bias with transposeA: [4, 3]ᵀ·[4, 5] + [5].
    const [at, w, bias] = [seededTensor([4, 3], 4), seededTensor([4, 5], 5), seededTensor([5], 6)];
    const fused = run(() => [tf.fused.matMul({ a: at, b: w, transposeA: true, bias })]);
    expect(fused).toMatchObject({ native: 1, wasm: 0 });
    expectClose(fused.values, onOriginalWasm(() => [tf.add(tf.matMul(at, w, true), bias)]));
    tf.dispose([a, b, at, w, bias]);
  });

  it('takes a transposed product of 24x24x24 natively, an untransposed one not', () => {
    const compute = (transposeA: boolean) => () => {
      const { a, b } = operands([], [], [24, 24, 24], transposeA, false);
      return [tf.matMul(a, b, transposeA, false)];
    };
    expect(run(compute(true))).toMatchObject({ native: 1, wasm: 0 });
    expect(run(compute(false))).toMatchObject({ native: 0, wasm: 1 });
  });

  it('leaves int32 products to wasm, which rejects them as before', () => {
    const a = tf.ones([128, 128], 'int32');
    expect(() => run(() => [tf.matMul(a, a)])).toThrow(/BatchMatMul for non non-float32 tensors not yet supported/);
    a.dispose();
  });

  it('leaves mismatched inner dims to wasm and its error message', () => {
    const a = tf.ones([128, 100]);
    const b = tf.ones([101, 128]);
    expect(() => tf.matMul(a, b)).toThrow(/inner shapes \(100\) and \(101\)/);
    tf.dispose([a, b]);
  });

  it('gives tf.grad of a loss through tf.matMul the same gradients as wasm', () => {
    const compute = () => {
      const x = seededTensor([4, 64, 96], 21);
      const w = seededTensor([96, 80], 22);
      const v = seededTensor([4, 64, 80], 23);
      const loss = (xx: tf.Tensor, ww: tf.Tensor) =>
        tf.sum(tf.square(tf.matMul(tf.relu(tf.matMul(xx, ww)), v, false, true)));
      const [dx, dw] = tf.grads(loss)([x, w]);
      const dxOnly = tf.grad((xx: tf.Tensor) => loss(xx, w))(x);
      return [dx, dw, dxOnly];
    };
    const native = run(compute);
    expect(native.native).toBeGreaterThanOrEqual(4);
    expectClose(native.values, onOriginalWasm(compute));
  });

  it('leaves no tensor and no wasm buffer behind', () => {
    const a = seededTensor([4, 96, 80], 31);
    const b = seededTensor([80, 112], 32);
    const bias = seededTensor([112], 33);
    const before = liveCounts();
    const before2 = tf.memory().numTensors;
    tf.tidy(() => {
      tf.matMul(a, b);
      tf.matMul(a, tf.transpose(b), false, true);
      tf.fused.matMul({ a: tf.reshape(a, [384, 80]), b, bias, activation: 'prelu', preluActivationWeights: bias });
      tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x, y)))([a, b]);
    });
    const c = tf.matMul(a, b);
    c.dispose();
    expect(tf.memory().numTensors).toBe(before2);
    expect(liveCounts()).toEqual(before);
    tf.dispose([a, b, bias]);
  });

  it('puts the wasm kernels back when disabled and the native ones when enabled again', () => {
    const nativeKernel = tf.getKernel(tf.BatchMatMul, 'wasm');
    disableNativeMatmul();
    expect(nativeMatmulEnabled()).toBe(false);
    const wasmKernel = tf.getKernel(tf.BatchMatMul, 'wasm');
    expect(wasmKernel?.kernelFunc).not.toBe(nativeKernel?.kernelFunc);
    expect(run(() => [tf.matMul(seededTensor([128, 128], 1), seededTensor([128, 128], 2))])).toMatchObject({
      native: 0,
      wasm: 0,
    });
    expect(enableNativeMatmul()).toMatchObject({ engine: 'onnxruntime-node' });
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).toBe(nativeKernel?.kernelFunc);
  });

  it('turns off with OTFUSE_NATIVE_MATMUL=0', () => {
    process.env.OTFUSE_NATIVE_MATMUL = '0';
    try {
      expect(enableNativeMatmul()).toEqual({ engine: 'tfjs', reason: 'turned off by OTFUSE_NATIVE_MATMUL=0' });
      expect(nativeMatmulEnabled()).toBe(false);
    } finally {
      delete process.env.OTFUSE_NATIVE_MATMUL;
      enableNativeMatmul();
    }
    expect(nativeMatmulEnabled()).toBe(true);
  });
});
