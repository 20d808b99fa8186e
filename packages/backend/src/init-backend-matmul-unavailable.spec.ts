import * as tf from '@tensorflow/tfjs';
import { activeBackend, initBackend } from './init-backend';

// onnxruntime-node as if it were not installed (its optional install failed).
jest.mock('onnxruntime-node/package.json', () => {
  throw Object.assign(new Error("Cannot find module 'onnxruntime-node/package.json'"), { code: 'MODULE_NOT_FOUND' });
});

describe('initBackend without onnxruntime-node', () => {
  beforeAll(() => {
    delete process.env.OTFUSE_BACKEND;
    delete process.env.OTFUSE_THREADS;
    tf.env().set('IS_TEST', true);
  });

  afterEach(() => {
    delete process.env.OTFUSE_NATIVE_MATMUL;
  });

  it('fails on wasm when OTFUSE_NATIVE_MATMUL=1 requires it', async () => {
    process.env.OTFUSE_NATIVE_MATMUL = '1';
    await expect(initBackend({ force: 'wasm', log: () => undefined })).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: 'OTFUSE_NATIVE_MATMUL=1: onnxruntime-node is not installed',
    });
    expect(activeBackend()).toBeUndefined();
  });

  it('uses the wasm kernels otherwise, and says why', async () => {
    const log = jest.fn();
    const original = tf.getKernel(tf.BatchMatMul, 'wasm');
    const info = await initBackend({ force: 'wasm', log });
    expect(info.matmul).toEqual({ engine: 'tfjs', reason: 'onnxruntime-node is not installed' });
    expect(log.mock.calls).toEqual([
      [
        'otfuse: TensorFlow.js backend wasm (SIMD, 1 thread; ' +
          'onnxruntime-node unavailable: onnxruntime-node is not installed); forced by the force option',
      ],
    ]);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')).toBe(original);
    const ones = tf.ones([256, 256]);
    expect(tf.fused.matMul({ a: ones, b: ones, activation: 'relu' }).dataSync()[0]).toBe(256);
  });
});
