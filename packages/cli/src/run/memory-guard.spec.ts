import fs from 'node:fs';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { writeTinyMlp } from '../__tests__/tiny-mlps';
import { runCli } from '../cli';
import { ConfigError } from '../config/config-error';
import { WASM_HEAP_BYTES, checkBatchFits, guardMemory, isOutOfMemory } from './memory-guard';

beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
});

afterAll(removeTempFolders);

describe('memory guard', () => {
  it('recognises a full WebAssembly heap, and nothing else', () => {
    expect(isOutOfMemory(new Error('Aborted(). Build with -sASSERTIONS for more info.'))).toBe(true);
    expect(isOutOfMemory(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isOutOfMemory(new Error("tensor 'x' has a NaN"))).toBe(false);
    expect(isOutOfMemory('Aborted()')).toBe(false);
  });

  it("turns emscripten's Aborted() into an error naming the stage and the setting", async () => {
    const run = guardMemory(
      () => ({ stage: "stage 'evaluate'", hint: 'lower eval.batch_size (now 4096)' }),
      async () => {
        throw new Error('Aborted(). Build with -sASSERTIONS for more info.');
      },
    );
    await expect(run).rejects.toThrow(
      new ConfigError('OUT_OF_MEMORY', `ran out of memory during stage 'evaluate' (the WebAssembly heap holds at most 4.0 GiB): lower eval.batch_size (now 4096)`),
    );
    await expect(guardMemory(() => ({ stage: 's', hint: 'h' }), async () => Promise.reject(new TypeError('other')))).rejects.toThrow(TypeError);
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

  it('otfuse fuse refuses an absurd eval.batch_size before any work, with exit code 2', async () => {
    const root = tempFolder();
    await writeTinyMlp(root, 'models/a', [32], 1);
    await writeTinyMlp(root, 'models/b', [32], 2);
    const file = writeFile(
      root,
      'experiment.yaml',
      toYaml({
        model: { name_0: 'models/a', name_1: 'models/b', dataset: 'mnist', type: 'generic-mlp' },
        fusion: { type: 'acts', ot_solver: 'emd', acts: { num_samples: 20, seq_filter: null } },
        data: { train_samples: 50, test_samples: 20 },
        eval: { batch_size: 2_000_000_000 },
      }),
    );
    const stderr: string[] = [];
    const out = path.join(root, 'runs', 'refused');
    const code = await runCli(['fuse', file, '--out', out, '-q'], { stdout: () => undefined, stderr: (t) => stderr.push(t) });
    expect(code).toBe(2);
    expect(stderr.join('')).toMatch(/^otfuse: eval\.batch_size is 2000000000, but a forward pass of model\.name_0 \(.*models\/a\) on 2000000000 examples needs about [\d.]+ GiB of WebAssembly memory .* set eval\.batch_size to at most \d+\n$/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
