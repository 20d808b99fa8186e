import * as tf from '@tensorflow/tfjs';
import { initWasmQuietly, seededTensor } from '../../__fixtures__/backends';
import { compileForward } from '../native-forward';
import { installedNativeRuntime } from '../native-matmul-kernels';
import type { NativeRuntime } from '../onnxruntime';
import { ARENA_LIMIT_BYTES, compileWithRuntime } from './compiled-forward';

// Assumes this machine's state: onnxruntime-node 1.30.0 is installed and loads.

const refusal = (fn: (x: tf.Tensor) => tf.Tensor, sample: tf.Tensor) => {
  const outcome = compileForward(fn, sample, 'auto');
  return 'refused' in outcome ? outcome.refused : 'compiled';
};

describe('compileForward', () => {
  let sample: tf.Tensor;
  let weight: tf.Tensor;
  beforeAll(async () => {
    await initWasmQuietly();
    sample = seededTensor([5, 4], 1);
    weight = seededTensor([4, 3], 2);
  });
  afterAll(() => tf.dispose([sample, weight]));

  it('extends batch-dependent shapes linearly: reshapes, tiles and slices over the batch', () => {
    const fn = (x: tf.Tensor) => {
      const rows = tf.reshape(x, [x.shape[0] * 2, 2]);
      const tiled = tf.tile(tf.reshape(weight, [1, 12]), [x.shape[0], 1]);
      return tf.concat([tf.reshape(tf.matMul(rows, tf.slice(weight, [0, 0], [2, 3])), [-1, 6]), tiled, tf.slice(x, [0, 1], [x.shape[0], 2])], 1);
    };
    const outcome = compileForward(fn, sample, 'on');
    if (!('forward' in outcome)) throw new Error(outcome.refused);
    for (const batch of [1, 5, 9]) {
      const x = seededTensor([batch, 4], 10 + batch);
      const native = outcome.forward.run(x);
      const expected = tf.tidy(() => fn(x));
      expect(native.shape).toEqual([batch, 20]);
      Array.from(expected.dataSync()).forEach((value, i) => expect(native.dataSync()[i]).toBeCloseTo(value, 5));
      tf.dispose([x, native, expected]);
    }
  });

  it('reads its parameters again at every run, so an assigned variable is seen', () => {
    const v = tf.variable(tf.ones([4, 3]));
    const fn = (x: tf.Tensor) => tf.matMul(x, v);
    const outcome = compileForward(fn, sample, 'on');
    if (!('forward' in outcome)) throw new Error(outcome.refused);
    v.assign(tf.fill([4, 3], 2));
    const native = outcome.forward.run(sample);
    const expected = tf.tidy(() => fn(sample));
    expect(Array.from(native.dataSync())).toEqual(Array.from(expected.dataSync()));
    tf.dispose([native, expected]);
    v.dispose();
    expect(() => outcome.forward.run(sample)).toThrow('a tensor the compiled function reads (shape [4, 3]) was disposed');
  });

  it('accepts inputs of the traced dtype and shape, the batch axis aside', () => {
    const outcome = compileForward((x) => tf.matMul(x, weight), sample, 'on');
    if (!('forward' in outcome)) throw new Error(outcome.refused);
    const [wide, int, rank3] = [tf.zeros([5, 5]), tf.zeros([5, 4], 'int32'), tf.zeros([5, 4, 1])];
    const ok = tf.zeros([2, 4]);
    expect([ok, wide, int, rank3].map((x) => outcome.forward.accepts(x))).toEqual([true, false, false, false]);
    expect(() => outcome.forward.run(wide)).toThrow("input [5, 5] float32 does not match the compiled function's");
    tf.dispose([wide, int, rank3, ok]);
  });

  it('shares one session per graph between models of one architecture, each with its own parameters', () => {
    const runtime = installedNativeRuntime() as NativeRuntime;
    let sessions = 0;
    const counting: NativeRuntime = { ...runtime, createSession: (model, threads) => (sessions++, runtime.createSession(model, threads)) };
    const [a, b] = [seededTensor([4, 3], 40), seededTensor([4, 3], 41)];
    const model = (w: tf.Tensor) => (x: tf.Tensor) => tf.relu(tf.matMul(x, w));
    const first = compileWithRuntime(counting, model(a), sample);
    const afterFirst = sessions;
    const second = compileWithRuntime(counting, model(b), sample);
    if (!('forward' in first) || !('forward' in second)) throw new Error('not compiled');
    expect(afterFirst).toBeGreaterThan(0);
    expect(sessions).toBe(afterFirst);
    for (const [compiled, w] of [[first.forward, a], [second.forward, b]] as const) {
      const native = compiled.run(sample);
      const expected = tf.tidy(() => model(w)(sample));
      Array.from(expected.dataSync()).forEach((value, i) => expect(native.dataSync()[i]).toBeCloseTo(value, 5));
      tf.dispose([native, expected]);
    }
    tf.dispose([a, b]);
  });

  it('compiles a function that validates its input on the host, and says so', () => {
    const checked = (x: tf.Tensor) => {
      if (Array.from(x.dataSync()).some((v) => !Number.isFinite(v))) throw new Error('non-finite input');
      return tf.relu(x);
    };
    const outcome = compileForward(checked, sample, 'on');
    if (!('forward' in outcome)) throw new Error(outcome.refused);
    expect(outcome.forward.readsInput).toBe(true);
    const plain = compileForward((x) => tf.relu(x), sample, 'on');
    expect('forward' in plain && plain.forward.readsInput).toBe(false);
  });

  it('gives NaN rows for indices outside a gathered table, where ONNX would wrap a negative one', () => {
    const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const fn = (x: tf.Tensor) => tf.reshape(tf.gather(table, tf.cast(x, 'int32')), [x.shape[0], -1]);
    const outcome = compileForward(fn, tf.tensor2d([[0], [1], [2]]), 'on');
    if (!('forward' in outcome)) throw new Error(outcome.refused);
    const out = outcome.forward.run(tf.tensor2d([[2], [-1], [3], [0]]));
    expect(Array.from(out.dataSync())).toEqual([5, 6, NaN, NaN, NaN, NaN, 1, 2]);
    tf.dispose([out, table]);
  });

  it('leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const outcome = compileForward((x) => tf.softmax(tf.matMul(x, weight)), sample, 'on');
    if ('forward' in outcome) outcome.forward.run(sample).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  describe('refuses, saying why', () => {
    it('a batch too small to trace', () => {
      expect(refusal((x) => tf.relu(x), tf.zeros([2, 4]))).toBe('a sample batch of at least 3 examples is needed to compile, got [2, 4]');
    });

    it('a kernel without a translation', () => {
      expect(refusal((x) => tf.reverse(x, 1), sample)).toBe('kernel Reverse has no ONNX translation here');
    });

    it('a function that reads a computed value on the host', () => {
      expect(refusal((x) => tf.mul(x, tf.relu(x).dataSync()[0]), sample)).toBe('the function reads the output of kernel 0 (Relu) or an earlier one on the host (dataSync), so its graph would depend on those values');
    });

    it('a constant that depends on the batch size, or on the values of the input', () => {
      const differs = "constant 0 (shape [1, 4]) differs between the traces: it depends on the batch size or on the input's values";
      expect(refusal((x) => tf.add(x, tf.tensor2d(new Float32Array(x.shape[0] * 4).fill(x.shape[0]), [x.shape[0], 4])), sample)).toBe(differs);
      // The two traces hold different rows, so a value read from the input shows.
      expect(refusal((x) => tf.add(x, tf.tensor2d(new Float32Array(4).fill(x.dataSync()[0]), [1, 4])), sample)).toBe(differs);
    });

    it('a graph that changes with the batch size', () => {
      expect(refusal((x) => (x.shape[0] > 1 ? tf.relu(tf.neg(x)) : tf.relu(x)), sample)).toBe('the function runs 1 kernels at batch 1 but 2 at batch 2');
    });

    it('a function whose result is not float32', () => {
      expect(refusal((x) => tf.argMax(x, 1), sample)).toBe('the function returns int32; only float32 results are compiled');
    });

    it('a function that returns its input, or a tensor no kernel made', () => {
      expect(refusal((x) => x, sample)).toBe('the function returns its input');
      expect(refusal(() => tf.ones([5, 4]), sample)).toBe('the function returns a tensor that no kernel computed');
    });

    it('any run when OTFUSE_NATIVE_FORWARD=0, and throws under =1', () => {
      expect(compileForward((x) => tf.relu(x), sample, 'off')).toEqual({ refused: 'turned off by OTFUSE_NATIVE_FORWARD=0' });
      expect(() => compileForward((x) => tf.reverse(x, 1), sample, 'on')).toThrow(
        expect.objectContaining({ code: 'BACKEND_UNAVAILABLE', message: 'OTFUSE_NATIVE_FORWARD=1, but the forward pass cannot be compiled: kernel Reverse has no ONNX translation here' }),
      );
    });
  });

  it('gives a pass whose largest intermediate exceeds the limit no memory arena, and keeps one for smaller passes', () => {
    const runtime = installedNativeRuntime();
    if (runtime === undefined) throw new Error('onnxruntime-node is not in use');
    const arenas: (boolean | undefined)[] = [];
    const watched: NativeRuntime = { ...runtime, createSession: (model, threads, choices) => (arenas.push(choices?.memoryArena), runtime.createSession(model, threads, choices)) };
    // At the check's batch of 3, the tile is [3, 4·k]: k floats per value.
    const tiledMax = (k: number) => (x: tf.Tensor) => tf.max(tf.tile(x, [1, k]), 1);
    const over = Math.ceil(ARENA_LIMIT_BYTES / (4 * 12)) + 1;
    for (const [k, expected] of [[over, false], [1000, true]] as const) {
      arenas.length = 0;
      const outcome = compileWithRuntime(watched, tiledMax(k), sample);
      if ('refused' in outcome) throw new Error(outcome.refused);
      expect(arenas).toEqual([expected]);
    }
  });
});
