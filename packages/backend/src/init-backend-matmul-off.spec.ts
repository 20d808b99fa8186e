import * as tf from '@tensorflow/tfjs';
import { activeBackend, initBackend } from './init-backend';
import { matmulCalls } from './native/native-matmul-kernels';
import { compileForward } from './native/native-forward';

describe('initBackend with OTFUSE_NATIVE_MATMUL=0', () => {
  const log = jest.fn();

  beforeAll(() => {
    delete process.env.OTFUSE_BACKEND;
    delete process.env.OTFUSE_THREADS;
    tf.env().set('IS_TEST', true);
  });

  afterEach(() => {
    delete process.env.OTFUSE_NATIVE_MATMUL;
    delete process.env.OTFUSE_THREADS;
  });

  it('rejects an invalid OTFUSE_THREADS before choosing a backend', async () => {
    process.env.OTFUSE_THREADS = '0';
    await expect(initBackend({ force: 'wasm', log })).rejects.toMatchObject({
      code: 'BACKEND_INVALID_SETTING',
      message: expect.stringMatching(/^OTFUSE_THREADS="0" is not a positive integer/),
    });
    expect(activeBackend()).toBeUndefined();
    expect(log).not.toHaveBeenCalled();
  });

  it('rejects an invalid OTFUSE_NATIVE_MATMUL the same way', async () => {
    process.env.OTFUSE_NATIVE_MATMUL = 'no';
    await expect(initBackend({ force: 'wasm', log })).rejects.toMatchObject({
      code: 'BACKEND_INVALID_SETTING',
      message: expect.stringMatching(/^OTFUSE_NATIVE_MATMUL="no" is not valid/),
    });
    expect(activeBackend()).toBeUndefined();
  });

  it('keeps the wasm kernels and says so', async () => {
    process.env.OTFUSE_NATIVE_MATMUL = '0';
    const original = tf.getKernel(tf.BatchMatMul, 'wasm');
    const info = await initBackend({ force: 'wasm', log });
    expect(info.matmul).toEqual({ engine: 'tfjs', reason: 'turned off by OTFUSE_NATIVE_MATMUL=0' });
    expect(log.mock.calls).toEqual([
      [
        'otfuse: TensorFlow.js backend wasm (SIMD, 1 thread; matmul on wasm, turned off by OTFUSE_NATIVE_MATMUL=0); ' +
          'forced by the force option',
      ],
    ]);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')).toBe(original);
    const product = tf.tidy(() => tf.matMul(tf.ones([256, 256]), tf.ones([256, 256])).dataSync()[0]);
    expect(product).toBe(256);
    expect(matmulCalls).toEqual({ native: 0, wasm: 0 });
    // Forward passes are not compiled either, and the refusal says why.
    const sample = tf.ones([4, 2]);
    expect(compileForward((x) => tf.relu(x), sample, 'auto')).toEqual({ refused: 'onnxruntime-node is not in use: turned off by OTFUSE_NATIVE_MATMUL=0' });
    sample.dispose();
  });
});
