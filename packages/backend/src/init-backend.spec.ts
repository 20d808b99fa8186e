import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { activeBackend, initBackend } from './init-backend';
import { withoutNativePackages } from './__fixtures__/without-native-packages';

// Neither native TensorFlow.js package loads, so wasm is chosen; onnxruntime-node, an optional
// dependency the repository installs (offline), computes the large matmuls.
withoutNativePackages();
describe('initBackend without forcing', () => {
  const lines: string[] = [];
  const threads = os.availableParallelism();
  let stderr: jest.SpyInstance;

  beforeAll(() => {
    delete process.env.OTFUSE_BACKEND;
    delete process.env.OTFUSE_THREADS;
    delete process.env.OTFUSE_NATIVE_MATMUL;
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterAll(() => stderr.mockRestore());

  it('has no active backend before the first call', () => {
    expect(activeBackend()).toBeUndefined();
  });

  it('tries tfjs-node-gpu, then tfjs-node, and settles on wasm', async () => {
    expect(() => require.resolve('@tensorflow/tfjs-node')).toThrow();
    expect(() => require.resolve('@tensorflow/tfjs-node-gpu')).toThrow();
    const second = (line: string) => lines.push(line);
    const [first, concurrent] = await Promise.all([initBackend(), initBackend({ log: second })]);
    expect(concurrent).toBe(first);
    expect(first).toEqual({
      name: 'wasm',
      tfBackend: 'wasm',
      tried: [
        {
          name: 'node-gpu',
          error: '@tensorflow/tfjs-node-gpu is not installed (its install needs to download libtensorflow)',
        },
        { name: 'node', error: '@tensorflow/tfjs-node is not installed (its install needs to download libtensorflow)' },
        { name: 'wasm' },
      ],
      matmul: { engine: 'onnxruntime-node', version: '1.30.0', threads },
    });
    expect(tf.getBackend()).toBe('wasm');
    expect(activeBackend()).toBe(first);
  });

  it('logs one line to stderr by default', () => {
    expect(stderr.mock.calls).toEqual([
      [
        'otfuse: TensorFlow.js backend wasm (SIMD, 1 thread; ' +
          `matmul on onnxruntime-node 1.30.0, ${threads} thread${threads === 1 ? '' : 's'}); skipped node-gpu, node\n`,
      ],
    ]);
    expect(lines).toEqual([]);
  });

  it('returns the same info again without re-initialising or logging', async () => {
    const info = activeBackend();
    const log = jest.fn();
    expect(await initBackend({ log })).toBe(info);
    expect(await initBackend({ force: 'wasm', log })).toBe(info);
    expect(log).not.toHaveBeenCalled();
    expect(stderr).toHaveBeenCalledTimes(1);
  });

  it('refuses a different backend once one is chosen', async () => {
    await expect(initBackend({ force: 'cpu' })).rejects.toMatchObject({
      name: 'BackendError',
      code: 'BACKEND_ALREADY_CHOSEN',
      message:
        'force=cpu: this process already uses the wasm backend; choose the backend once, before the first initBackend() call',
    });
    process.env.OTFUSE_BACKEND = 'cpu';
    await expect(initBackend()).rejects.toMatchObject({ code: 'BACKEND_ALREADY_CHOSEN' });
    delete process.env.OTFUSE_BACKEND;
    expect(tf.getBackend()).toBe('wasm');
  });

  it('registers the wasm fixes', () => {
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'wasm')).toBeDefined();
  });
});
