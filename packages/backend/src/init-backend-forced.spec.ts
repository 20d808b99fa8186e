import * as tf from '@tensorflow/tfjs';
import { activeBackend, initBackend } from './init-backend';
import { withoutNativePackages } from './__fixtures__/without-native-packages';
import { BackendError } from './errors';

withoutNativePackages();

describe('initBackend forced by OTFUSE_BACKEND', () => {
  const log = jest.fn();

  afterEach(() => {
    delete process.env.OTFUSE_BACKEND;
  });

  it('rejects an invalid value, listing the valid ones', async () => {
    process.env.OTFUSE_BACKEND = 'gpu';
    const attempt = initBackend({ log });
    await expect(attempt).rejects.toBeInstanceOf(BackendError);
    await expect(attempt).rejects.toMatchObject({
      code: 'BACKEND_INVALID_NAME',
      message: 'OTFUSE_BACKEND="gpu" is not a backend; expected one of: node-gpu, node, wasm, cpu',
    });
  });

  it('rejects an invalid force option the same way', async () => {
    await expect(initBackend({ force: 'tpu' as never, log })).rejects.toMatchObject({
      code: 'BACKEND_INVALID_NAME',
      message: 'force="tpu" is not a backend; expected one of: node-gpu, node, wasm, cpu',
    });
  });

  it('fails for node, saying why and what is available', async () => {
    process.env.OTFUSE_BACKEND = 'node';
    await expect(initBackend({ log })).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message:
        'OTFUSE_BACKEND=node: @tensorflow/tfjs-node is not installed (its install needs to download libtensorflow); ' +
        'available here: wasm, cpu',
    });
    expect(activeBackend()).toBeUndefined();
  });

  it('uses cpu when asked, after failed attempts, without the wasm fixes', async () => {
    process.env.OTFUSE_BACKEND = ' cpu ';
    const info = await initBackend({ log });
    expect(info).toEqual({ name: 'cpu', tfBackend: 'cpu', tried: [{ name: 'cpu' }], matmul: { engine: 'tfjs' } });
    expect(tf.getBackend()).toBe('cpu');
    expect(activeBackend()).toBe(info);
    expect(log.mock.calls).toEqual([
      ['otfuse: TensorFlow.js backend cpu (plain JavaScript, slowest); forced by OTFUSE_BACKEND'],
    ]);
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'wasm')).toBeUndefined();
  });

  it('keeps cpu when called again without a request', async () => {
    expect(await initBackend({ log })).toBe(activeBackend());
    expect(log).toHaveBeenCalledTimes(1);
  });
});
