import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeOnnxModel } from './onnx-model';
import { loadOnnxRuntime, ONNXRUNTIME_VERSION } from './onnxruntime';

// Assumes this machine's state: onnxruntime-node 1.30.0 is installed (see package.json).

const MATMUL = encodeOnnxModel({
  nodes: [{ opType: 'MatMul', inputs: ['A', 'B'], outputs: ['C'] }],
  inputs: [
    { name: 'A', dims: ['m', 'k'] },
    { name: 'B', dims: ['k', 'n'] },
  ],
  outputs: [{ name: 'C' }],
});

describe("onnxruntime-node's internal binding", () => {
  it('is pinned to the version this package drives', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
    expect(manifest.optionalDependencies['onnxruntime-node']).toBe(ONNXRUNTIME_VERSION);
    const installed = JSON.parse(fs.readFileSync(require.resolve('onnxruntime-node/package.json'), 'utf8'));
    expect(installed.version).toBe(ONNXRUNTIME_VERSION);
  });

  it('is still called the way the public wrapper (dist/backend.js) calls it', () => {
    const wrapper = fs.readFileSync(require.resolve('onnxruntime-node/dist/backend.js'), 'utf8');
    expect(wrapper).toContain('new binding_1.binding.InferenceSession()');
    expect(wrapper).toContain(
      '.loadModel(pathOrBuffer.buffer, pathOrBuffer.byteOffset, pathOrBuffer.byteLength, options)',
    );
    // run: the binding's synchronous run, deferred by setImmediate only.
    const session = '__classPrivateFieldGet\\(this, _OnnxruntimeSessionHandler_inferenceSession, "f"\\)';
    expect(wrapper).toMatch(
      new RegExp(`setImmediate\\(\\(\\) => \\{\\s*try \\{\\s*resolve\\(${session}` + '\\.run\\(feeds, fetches, options\\)\\)'),
    );
    const binding = fs.readFileSync(require.resolve('onnxruntime-node/dist/binding.js'), 'utf8');
    expect(binding).toContain(
      'exports.binding.initOrtOnce(logLevel, onnxruntime_common_1.Tensor, worker_threads_1.isMainThread)',
    );
  });

  it('runs synchronously, reading inputs in place and writing the output into the given array', () => {
    const load = loadOnnxRuntime(2);
    if ('error' in load) throw new Error(load.error);
    expect(load.runtime).toMatchObject({ version: '1.30.0', threads: 2 });
    const memory = new Float32Array(16).fill(-1);
    const a = memory.subarray(0, 6);
    a.set([1, 2, 3, 4, 5, 6]); // [2, 3]
    const b = memory.subarray(6, 9);
    b.set([1, 10, 100]); // [3, 1]
    const out = memory.subarray(10, 12);
    for (const threads of [1, 2]) {
      out.fill(0);
      const inputs = { A: { data: a, dims: [2, 3] }, B: { data: b, dims: [3, 1] } };
      load.runtime.createSession(MATMUL, threads).run(inputs, out, [2, 1]);
      expect(Array.from(memory)).toEqual([1, 2, 3, 4, 5, 6, 1, 10, 100, -1, 321, 654, -1, -1, -1, -1]);
    }
  });

  it('reports a wrong output shape as an error, not a crash', () => {
    const load = loadOnnxRuntime(1);
    if ('error' in load) throw new Error(load.error);
    const session = load.runtime.createSession(MATMUL);
    const one = { data: Float32Array.of(1), dims: [1, 1] };
    expect(() => session.run({ A: one, B: one }, new Float32Array(2), [1, 2])).toThrow();
  });
});

describe('loadOnnxRuntime failures', () => {
  const notFound = (id: string) =>
    Object.assign(new Error(`Cannot find module '${id}'\nRequire stack: …`), { code: 'MODULE_NOT_FOUND' });
  /** A stand-in for require: `modules[id]` is returned, or thrown when it is an Error. */
  const loader = (modules: Record<string, unknown>) => (id: string) => {
    const module = modules[id];
    if (module === undefined) throw notFound(id);
    if (module instanceof Error) throw module;
    return module;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const real = (id: string) => require(id);

  it('says onnxruntime-node is not installed', () => {
    expect(loadOnnxRuntime(1, loader({}))).toEqual({ error: 'onnxruntime-node is not installed' });
  });

  it('refuses another version', () => {
    expect(loadOnnxRuntime(1, loader({ 'onnxruntime-node/package.json': { version: '1.31.0' } }))).toEqual({
      error:
        'onnxruntime-node 1.31.0 is installed, but @otfuse/backend drives its internal binding ' +
        'and is tested with 1.30.0 only',
    });
  });

  it('reports a native library that fails to load, first line only', () => {
    const load = loader({
      'onnxruntime-node/package.json': { version: '1.30.0' },
      'onnxruntime-node': real('onnxruntime-node'),
      'onnxruntime-node/dist/binding': new Error('libonnxruntime.so.1: cannot open shared object file\nmore'),
    });
    expect(loadOnnxRuntime(1, load)).toEqual({
      error: 'onnxruntime-node is installed but failed to load: libonnxruntime.so.1: cannot open shared object file',
    });
  });

  it('reports a missing dependency of onnxruntime-node as a load failure', () => {
    const load = loader({
      'onnxruntime-node/package.json': { version: '1.30.0' },
      'onnxruntime-node': notFound('onnxruntime-common'),
    });
    expect(loadOnnxRuntime(1, load)).toEqual({
      error: "onnxruntime-node is installed but failed to load: Cannot find module 'onnxruntime-common'",
    });
  });

  it('reports a binding whose product is wrong', () => {
    const { binding, initOrt } = real('onnxruntime-node/dist/binding');
    class WrongSession extends binding.InferenceSession {
      run(feeds: unknown, fetches: { C: { data: Float32Array } }, options: unknown) {
        const result = super.run(feeds, fetches, options);
        fetches.C.data[0] = 0;
        return result;
      }
    }
    const load = loader({
      'onnxruntime-node/package.json': { version: '1.30.0' },
      'onnxruntime-node': real('onnxruntime-node'),
      'onnxruntime-node/dist/binding': {
        binding: { initOrtOnce: binding.initOrtOnce, InferenceSession: WrongSession },
        initOrt,
      },
    });
    expect(loadOnnxRuntime(1, load)).toEqual({
      error:
        'onnxruntime-node is installed but failed to initialise: ' +
        'self-check: [[1,2],[3,4]]·[[5,6],[7,8]] gave [0, 22, 43, 50], not [19, 22, 43, 50]',
    });
  });
});
