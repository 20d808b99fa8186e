/**
 * onnxruntime-node, driven synchronously through its internal native binding.
 *
 * The public `InferenceSession.run` is async only because its wrapper (`dist/backend.js`)
 * defers the binding's synchronous `run` with `setImmediate`; a TensorFlow.js kernel must
 * return its output at once, so this calls the binding the way that wrapper does:
 * `initOrt()`, `new binding.InferenceSession()`, `loadModel(buffer, byteOffset, byteLength,
 * options)`, `run(feeds, fetches, runOptions)`. That is not a public API, hence the exact
 * version pin: any other version is reported unavailable rather than trusted.
 *
 * Data movement (checked against 1.30.0): the binding wraps an input's typed array without
 * copying it, and an output given in `fetches` is computed into the caller's typed array. It
 * then also returns that output copied into a new ArrayBuffer, which is dropped here.
 *
 * One deviation from the wrapper: the binding builds its result tensors with the `Tensor`
 * class given to `initOrtOnce`, whose constructor checks `data instanceof Float32Array`. The
 * binding's arrays come from Node's main realm, so under jest (a vm context with its own
 * Float32Array) every run would throw. After `initOrt()`, the class is re-registered behind a
 * constructor that re-wraps a foreign typed array's buffer (no copy) before delegating, which
 * changes nothing outside such a context, for onnxruntime-node's public API either.
 */
import { isMainThread } from 'node:worker_threads';
import { encodeOnnxModel } from './onnx-model';

export const ONNXRUNTIME_PACKAGE = 'onnxruntime-node';
/** The only version whose internal binding this package has been tested with. */
export const ONNXRUNTIME_VERSION = '1.30.0';

/** The `Tensor` of onnxruntime-common, as re-exported by onnxruntime-node. */
type OrtTensorConstructor = new (type: string, data: unknown, dims: readonly number[]) => object;

interface OrtModule {
  Tensor: OrtTensorConstructor;
  env: { logLevel?: string };
}

interface BindingSession {
  loadModel(buffer: ArrayBufferLike, byteOffset: number, byteLength: number, options: object): void;
  run(feeds: Record<string, object>, fetches: Record<string, object | null>, options: object): Record<string, unknown>;
}

interface BindingModule {
  binding: {
    InferenceSession: new () => BindingSession;
    initOrtOnce(logLevel: number, tensorConstructor: OrtTensorConstructor, isMainThread: boolean): void;
  };
  initOrt: () => void;
}

/** What the binding reads of a tensor (`NapiValueToOrtValue`): a plain object serves. */
function bindingTensor(data: NativeInput['data'], dims: readonly number[]): object {
  const type = data instanceof Float32Array ? 'float32' : data instanceof Int32Array ? 'int32' : 'bool';
  return { type, dims, data, location: 'cpu' };
}

/** A tensor handed to the native library (float32, int32, or bool as bytes): `data` is read in place. */
export interface NativeInput {
  readonly data: Float32Array | Int32Array | Uint8Array;
  readonly dims: readonly number[];
}

/** One compiled model; `run` is synchronous. */
export interface NativeSession {
  /** Runs the model; its output `C` of shape `outputDims` is computed straight into `output`. */
  run(inputs: Readonly<Record<string, NativeInput>>, output: Float32Array, outputDims: readonly number[]): void;
  /** Runs the model; each named output is computed straight into the given array. */
  runInto(inputs: Readonly<Record<string, NativeInput>>, outputs: Readonly<Record<string, NativeInput>>): void;
}

export interface NativeRuntime {
  readonly version: string;
  /** The most intra-op threads a session gets (`OTFUSE_THREADS`). */
  readonly threads: number;
  /** Compiles `model` for `threads` intra-op threads (default and at most `this.threads`). */
  createSession(model: Uint8Array, threads?: number, choices?: SessionChoices): NativeSession;
}

/** What a session may choose beyond its threads. */
export interface SessionChoices {
  /**
   * Keep the buffers a run frees for the next run (onnxruntime's memory arena; default true):
   * faster for runs of one size. False gives every intermediate back when a run ends, so a
   * session holds no memory between runs: for graphs whose intermediates are large.
   */
  readonly memoryArena?: boolean;
}

export type NativeRuntimeLoad = { readonly runtime: NativeRuntime } | { readonly error: string };

/**
 * Session options. Spinning is off: with it on, onnxruntime's pool threads busy-wait after
 * each run, taking a core from the single-threaded wasm ops that run between two products.
 */
function sessionOptions(threads: number, choices: SessionChoices): object {
  return {
    intraOpNumThreads: threads,
    enableCpuMemArena: choices.memoryArena ?? true,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // Shapes change from call to call; a memory pattern would be planned for each one.
    enableMemPattern: false,
    // Failures come back as exceptions, which the kernels report; keep the native log quiet.
    logSeverityLevel: 4,
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

type Load = (id: string) => unknown;

/**
 * Loads onnxruntime-node and checks it with a 2x2 product. Never throws: anything that goes
 * wrong (missing, another version, a load or initialisation error) comes back as `error`.
 * `load` is `require` except in tests.
 */
export function loadOnnxRuntime(threads: number, load: Load = require): NativeRuntimeLoad {
  let stage = 'load';
  try {
    const { version } = load(`${ONNXRUNTIME_PACKAGE}/package.json`) as { version: string };
    if (version !== ONNXRUNTIME_VERSION) {
      return {
        error:
          `${ONNXRUNTIME_PACKAGE} ${version} is installed, but @otfuse/backend drives its internal binding and ` +
          `is tested with ${ONNXRUNTIME_VERSION} only`,
      };
    }
    const ort = load(ONNXRUNTIME_PACKAGE) as OrtModule;
    const { binding, initOrt } = load(`${ONNXRUNTIME_PACKAGE}/dist/binding`) as BindingModule;
    stage = 'initialise';
    initOrt();
    binding.initOrtOnce(logLevel(ort.env.logLevel), realmTolerant(ort.Tensor), isMainThread);
    const runtime = createRuntime(binding, version, threads);
    selfCheck(runtime);
    return { runtime };
  } catch (error) {
    return { error: describeFailure(stage, error) };
  }
}

/** The log level `initOrt()` derives from `ort.env.logLevel`. */
function logLevel(name: string | undefined): number {
  const levels: Record<string, number> = { verbose: 0, info: 1, warning: 2, error: 3, fatal: 4 };
  return levels[name ?? 'warning'] ?? 2;
}

/** `Tensor`, accepting typed arrays of another realm by re-wrapping their buffer. */
function realmTolerant(Tensor: OrtTensorConstructor): OrtTensorConstructor {
  type ViewConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => unknown;
  const globals = globalThis as unknown as Record<string, ViewConstructor>;
  function RealmTolerantTensor(type: string, data: unknown, dims: readonly number[]): object {
    if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
      const local = globals[data.constructor.name];
      if (typeof local === 'function' && !(data instanceof local)) {
        const array = data as unknown as { buffer: ArrayBufferLike; byteOffset: number; length: number };
        return new Tensor(type, new local(array.buffer, array.byteOffset, array.length), dims);
      }
    }
    return new Tensor(type, data, dims);
  }
  // Static members (Tensor.fromGpuBuffer, which the binding looks up) resolve through Tensor.
  return Object.setPrototypeOf(RealmTolerantTensor, Tensor) as unknown as OrtTensorConstructor;
}

function createRuntime(binding: BindingModule['binding'], version: string, threads: number): NativeRuntime {
  const runOptions = {};
  return {
    version,
    threads,
    createSession(model, sessionThreads = threads, choices = {}) {
      const session = new binding.InferenceSession();
      const options = sessionOptions(Math.min(sessionThreads, threads), choices);
      session.loadModel(model.buffer, model.byteOffset, model.byteLength, options);
      const tensors = (values: Readonly<Record<string, NativeInput>>) =>
        Object.fromEntries(Object.entries(values).map(([name, value]) => [name, bindingTensor(value.data, value.dims)]));
      return {
        run(inputs, output, outputDims) {
          session.run(tensors(inputs), { C: bindingTensor(output, outputDims) }, runOptions);
        },
        runInto(inputs, outputs) {
          session.run(tensors(inputs), tensors(outputs), runOptions);
        },
      };
    },
  };
}

/** Guards the internal API: a product that the binding gets wrong makes the runtime unavailable. */
function selfCheck(runtime: NativeRuntime): void {
  const model = encodeOnnxModel({
    nodes: [{ opType: 'MatMul', inputs: ['A', 'B'], outputs: ['C'] }],
    inputs: [
      { name: 'A', dims: ['m', 'k'] },
      { name: 'B', dims: ['k', 'n'] },
    ],
    outputs: [{ name: 'C' }],
  });
  const output = new Float32Array(4);
  runtime.createSession(model).run(
    { A: { data: Float32Array.of(1, 2, 3, 4), dims: [2, 2] }, B: { data: Float32Array.of(5, 6, 7, 8), dims: [2, 2] } },
    output,
    [2, 2],
  );
  if (output.join() !== '19,22,43,50') {
    throw new Error(`self-check: [[1,2],[3,4]]·[[5,6],[7,8]] gave [${output.join(', ')}], not [19, 22, 43, 50]`);
  }
}

function describeFailure(stage: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (stage === 'load' && code === 'MODULE_NOT_FOUND' && message.includes(`'${ONNXRUNTIME_PACKAGE}`)) {
    return `${ONNXRUNTIME_PACKAGE} is not installed`;
  }
  const verb = stage === 'load' ? 'failed to load' : 'failed to initialise';
  return `${ONNXRUNTIME_PACKAGE} is installed but ${verb}: ${message.split('\n')[0]}`;
}
