import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { activeBackend, initBackend } from './init-backend';
import { withoutNativePackages } from './__fixtures__/without-native-packages';

withoutNativePackages();

describe('initBackend with no usable backend', () => {
  beforeAll(() => {
    delete process.env.OTFUSE_BACKEND;
    tf.removeBackend('wasm');
    tf.removeBackend('cpu');
  });

  it('fails, giving every reason in order', async () => {
    await expect(initBackend({ log: () => undefined })).rejects.toMatchObject({
      code: 'BACKEND_NONE_AVAILABLE',
      message:
        'no TensorFlow.js backend could be initialised (' +
        'node-gpu: @tensorflow/tfjs-node-gpu is not installed (its install needs to download libtensorflow); ' +
        'node: @tensorflow/tfjs-node is not installed (its install needs to download libtensorflow); ' +
        "wasm: TensorFlow.js has no 'wasm' backend registered; " +
        "cpu: TensorFlow.js has no 'cpu' backend registered)",
    });
    expect(activeBackend()).toBeUndefined();
  });

  it('reports "none" available when a forced backend fails', async () => {
    await expect(initBackend({ force: 'cpu', log: () => undefined })).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: "force=cpu: TensorFlow.js has no 'cpu' backend registered; available here: none",
    });
  });
});
