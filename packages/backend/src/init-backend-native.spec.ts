import * as tf from '@tensorflow/tfjs';
import { initBackend } from './init-backend';

// Stand-ins for the native packages: tfjs-node-gpu is present but cannot load its CUDA
// libraries; tfjs-node loads and registers a 'tensorflow' backend, here cpu under that name.
jest.mock(
  '@tensorflow/tfjs-node-gpu',
  () => {
    throw new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory\nmore detail');
  },
  { virtual: true },
);
jest.mock(
  '@tensorflow/tfjs-node',
  () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tfjs = require('@tensorflow/tfjs') as typeof tf;
    tfjs.registerBackend('tensorflow', () => new tfjs.MathBackendCPU());
    for (const kernel of tfjs.getKernelsForBackend('cpu')) {
      tfjs.registerKernel({ ...kernel, backendName: 'tensorflow' });
    }
    return {};
  },
  { virtual: true },
);

describe('initBackend with native packages', () => {
  beforeAll(() => {
    delete process.env.OTFUSE_BACKEND;
    tf.env().set('IS_TEST', true);
  });

  it('skips a node-gpu package that fails to load and takes node', async () => {
    const log = jest.fn();
    const info = await initBackend({ log });
    expect(info).toEqual({
      name: 'node',
      tfBackend: 'tensorflow',
      tried: [
        {
          name: 'node-gpu',
          error:
            '@tensorflow/tfjs-node-gpu is installed but failed to load: ' +
            'libcudart.so.11.0: cannot open shared object file: No such file or directory',
        },
        { name: 'node' },
      ],
      matmul: { engine: 'tfjs' },
    });
    expect(tf.getBackend()).toBe('tensorflow');
    expect(log.mock.calls).toEqual([['otfuse: TensorFlow.js backend node (libtensorflow); skipped node-gpu']]);
    expect(tf.tensor([1, 2]).add(1).arraySync()).toEqual([2, 3]);
  });
});
