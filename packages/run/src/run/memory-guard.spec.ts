import { initBackend } from '@otfuse/backend';
import { ConfigError } from '../config/config-error';
import { silentProgress } from '../progress';
import { WASM_HEAP_BYTES, checkBatchFits, chooseBatch, exhaustedMemory, guardMemory, isOutOfMemory, runGuarded } from './memory-guard';

beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
});

// What a trap in the WebAssembly backend throws (the package's TypeScript libraries do not declare WebAssembly).
const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: new (message: string) => Error } }).WebAssembly;

describe('memory guard', () => {
  it('recognises a full WebAssembly heap, host memory that ran out, and nothing else', () => {
    expect(isOutOfMemory(new Error('Aborted(). Build with -sASSERTIONS for more info.'))).toBe(true);
    expect(exhaustedMemory(new RuntimeError('memory access out of bounds'))).toBe('wasm-heap');
    expect(exhaustedMemory(new RuntimeError('unreachable'))).toBe('wasm-heap');
    expect(exhaustedMemory(new RangeError('Array buffer allocation failed'))).toBe('host');
    expect(exhaustedMemory(new Error('[ErrorCode:RuntimeException] Failed to allocate memory for requested buffer of size 1073741824'))).toBe('host');
    expect(exhaustedMemory(new Error('std::bad_alloc'))).toBe('host');
    // Wrapped by a library, the cause still tells.
    expect(exhaustedMemory(new Error('evaluation failed', { cause: new RuntimeError('memory access out of bounds') }))).toBe('wasm-heap');
    expect(isOutOfMemory(new Error("tensor 'x' has a NaN"))).toBe(false);
    expect(isOutOfMemory(new Error('host unreachable'))).toBe(false);
    expect(isOutOfMemory('Aborted()')).toBe(false);
    // Already a message for the user: the batch check's refusal mentions memory too.
    expect(isOutOfMemory(new ConfigError('OUT_OF_MEMORY', 'eval.batch_size is 9, but … WebAssembly memory'))).toBe(false);
  });

  it("turns emscripten's Aborted() into an error naming the stage, the heap and the setting", async () => {
    const run = guardMemory(
      () => ({ stage: "stage 'evaluate'", hint: 'lower eval.batch_size (now 4096)' }),
      async () => {
        throw new Error('Aborted(). Build with -sASSERTIONS for more info.');
      },
    );
    await expect(run).rejects.toThrow(
      new ConfigError('OUT_OF_MEMORY', `ran out of memory during stage 'evaluate': the WebAssembly heap (at most 4.0 GiB) is full; the runtime said "Aborted()". To fit, lower eval.batch_size (now 4096)`),
    );
    await expect(guardMemory(() => ({ stage: 's', hint: 'h' }), async () => Promise.reject(new TypeError('other')))).rejects.toThrow(TypeError);
  });

  it('names the stage a WebAssembly trap happened in, as an out-of-memory ConfigError (exit code 2), never the bare trap', async () => {
    const hint = () => 'lower eval.batch_size (now 64)';
    const run = runGuarded(silentProgress(), hint, async (progress) => {
      progress.stage('load 2 models')();
      progress.stage('activations and OT fusion');
      throw new RuntimeError('memory access out of bounds');
    });
    const error = await run.catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      `ran out of memory during stage 'activations and OT fusion': the WebAssembly heap (at most 4.0 GiB) is full; the runtime said "memory access out of bounds". To fit, lower eval.batch_size (now 64)`,
    );
    expect((error as ConfigError).code).toBe('OUT_OF_MEMORY');
  });

  it('names host memory when onnxruntime cannot allocate outside the heap', async () => {
    const run = runGuarded(silentProgress(), () => 'lower eval.batch_size (now 64)', async (progress) => {
      progress.stage('evaluate on 1000 test examples');
      throw new Error('Failed to allocate memory for requested buffer of size 2147483648');
    });
    await expect(run).rejects.toThrow(
      `ran out of memory during stage 'evaluate on 1000 test examples': host memory is exhausted (an allocation outside the WebAssembly heap failed: "Failed to allocate memory for requested buffer of size 2147483648"). To fit, lower eval.batch_size (now 64)`,
    );
  });

  it('refuses a batch whose forward pass outgrows the heap, naming the largest that fits', () => {
    const mib = 1024 ** 2;
    // 100 MiB at one example, 110 MiB at two: 10 MiB per example.
    const footprint = { one: 100 * mib, two: 110 * mib };
    expect(() => checkBatchFits(footprint, 64, 'eval.batch_size', 'model.name_0 (m)')).not.toThrow();
    const largest = Math.floor((WASM_HEAP_BYTES * 0.7 - 100 * mib) / (10 * mib)) + 1;
    expect(() => checkBatchFits(footprint, 1000, 'eval.batch_size', 'model.name_0 (m)')).toThrow(
      `eval.batch_size is 1000, but a forward pass of model.name_0 (m) on 1000 examples needs about 9.9 GiB of WebAssembly memory (10.0 MiB per example) ` +
        `and the heap holds at most 4.0 GiB: set eval.batch_size to at most ${largest}`,
    );
  });

  it('lowers an unset batch size to the largest the footprint predicts fits the heap, and keeps one that fits', () => {
    const mib = 1024 ** 2;
    // A large model with a small pass: 2600 MiB at one example, 2610 MiB at two, so 10 MiB per example.
    const large = { one: 2600 * mib, two: 2610 * mib };
    // The usable heap is 70% of 4 GiB = 2867.2 MiB; (2867.2 − 2600) / 10 = 26.72, so 26 + 1 = 27 examples fit
    // (the pass budget alone would allow 1024 / 10 → 102).
    const choice = chooseBatch(large, { size: 64, setting: 'eval.batch_size', given: false }, 'model.name_0 (big)');
    expect(choice).toMatchObject({ size: 27, setting: 'eval.batch_size', source: 'fitted' });
    expect(choice.reason).toBe(
      'eval.batch_size is not set, and at the default 64 a forward pass of model.name_0 (big) on 64 examples needs about 3.2 GiB of WebAssembly memory ' +
        '(10.0 MiB per example) and the heap holds at most 4.0 GiB; 27 is the largest batch that fits',
    );
    expect(chooseBatch(large, { size: 16, setting: 'eval.batch_size', given: false }, 'm')).toMatchObject({ size: 16, source: 'default' });
  });

  it('keeps the pass of an unset batch size within 512 MiB beyond the model; a set one is not lowered', () => {
    const mib = 1024 ** 2;
    // A BERT-base-like masked LM: 300 MiB at one example, 352 MiB at two, so 52 MiB per example.
    const footprint = { one: 300 * mib, two: 352 * mib };
    // The heap would take 50 (see above); 512 / 52 = 9.85…, so 9.
    const choice = chooseBatch(footprint, { size: 64, setting: 'eval.batch_size', given: false }, 'model.name_0 (bert)');
    expect(choice).toMatchObject({ size: 9, setting: 'eval.batch_size', source: 'fitted' });
    expect(choice.reason).toBe(
      'eval.batch_size is not set, and at the default 64 a forward pass of model.name_0 (bert) on 64 examples takes about 3.3 GiB beyond the model ' +
        '(52.0 MiB per example); an unset batch size keeps one pass within 512.0 MiB, so 9',
    );
    expect(chooseBatch(footprint, { size: 8, setting: 'eval.batch_size', given: false }, 'm')).toMatchObject({ size: 8, source: 'default' });
    // A value the file sets is never lowered: it is refused, naming the setting.
    expect(() => chooseBatch(footprint, { size: 64, setting: 'eval.batch_size', given: true }, 'm')).toThrow(/^eval\.batch_size is 64, .*: set eval\.batch_size to at most 50$/);
    expect(chooseBatch(footprint, { size: 50, setting: 'eval.batch_size', given: true }, 'm')).toMatchObject({ size: 50, source: 'set' });
    // Not even one example fits: refused, default or not.
    expect(() => chooseBatch({ one: 3 * 1024 * mib, two: 3.5 * 1024 * mib }, { size: 64, setting: 'eval.batch_size', given: false }, 'm')).toThrow(
      /even eval\.batch_size 1 does not fit/,
    );
  });
});
