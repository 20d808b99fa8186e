import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type TensorLike, writeSafetensors } from '@otfuse/io';
import { getAll } from './dataset';
import { DataError } from './errors';
import { DATASETS } from './factories';
import { openDataset } from './registry';
import { loadTensorsFile } from './tensors-file';

describe('tensors file data set', () => {
  let dir: string;
  const inputs = Float32Array.from({ length: 5 * 2 * 3 }, (_, i) => i / 4 - 3);
  const labels = BigInt64Array.of(0n, 3n, 1n, 3n, 2n);

  function write(name: string, tensors: Record<string, TensorLike>): string {
    const file = path.join(dir, name);
    writeSafetensors(file, tensors);
    return file;
  }

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensors-file-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true }));

  it('round-trips inputs and I64 labels', () => {
    const file = write('data.safetensors', {
      inputs: { dtype: 'F32', shape: [5, 2, 3], data: inputs },
      labels: { dtype: 'I64', shape: [5], data: labels },
    });
    const dataset = loadTensorsFile({ path: file });
    expect([dataset.name, dataset.split, dataset.size, dataset.numClasses]).toEqual([file, 'test', 5, 4]);
    expect(dataset.inputShape).toEqual([2, 3]);
    const all = getAll(dataset);
    expect(all.x).toEqual(inputs);
    expect(Array.from(all.y)).toEqual([0, 3, 1, 3, 2]);
    expect(Array.from(dataset.get([3]).x)).toEqual(Array.from(inputs.subarray(18, 24)));
  });

  it('falls back to pixel_values and takes I32 labels, a class count and a split', async () => {
    const file = write('vit.safetensors', {
      pixel_values: { dtype: 'F16', shape: [2, 1, 2, 2], data: Float32Array.of(0.5, -1, 2, 0, 1, 1, 1, 1) },
      labels: { dtype: 'I32', shape: [2], data: Int32Array.of(1, 0) },
    });
    const dataset = await openDataset(DATASETS.get('tensors-file'), { path: file, num_classes: 10, split: 'train' });
    expect([dataset.size, dataset.numClasses, dataset.split]).toEqual([2, 10, 'train']);
    expect(dataset.inputShape).toEqual([1, 2, 2]);
    expect(Array.from(getAll(dataset).x)).toEqual([0.5, -1, 2, 0, 1, 1, 1, 1]);
  });

  it('reads tensors under other names when asked', () => {
    const file = write('named.safetensors', {
      features: { dtype: 'F32', shape: [1, 2], data: Float32Array.of(1, 2) },
      target: { dtype: 'U8', shape: [1], data: Uint8Array.of(1) },
    });
    const dataset = loadTensorsFile({ path: file, inputs: 'features', labels: 'target' });
    expect(Array.from(getAll(dataset).y)).toEqual([1]);
  });

  it('reads the inputs alone for a task without labels: no labels tensor needed, any left unread', async () => {
    const file = write('inputs-only.safetensors', {
      input_ids: { dtype: 'I64', shape: [2, 3], data: BigInt64Array.of(2n, 5n, 0n, 2n, 6n, 7n) },
      attention_mask: { dtype: 'I64', shape: [2, 3], data: BigInt64Array.of(1n, 1n, 0n, 1n, 1n, 1n) },
    });
    const dataset = await openDataset(DATASETS.get('tensors-file'), { path: file, inputs_only: true });
    expect([dataset.size, dataset.numClasses, dataset.numClassesStated, dataset.labelShape]).toEqual([2, 1, undefined, undefined]);
    expect(dataset.inputShape).toEqual([3, 3]);
    expect(Array.from(getAll(dataset).y)).toEqual([0, 0]);
    const labelled = write('labelled-inputs.safetensors', { inputs: { dtype: 'F32', shape: [5, 2, 3], data: inputs }, labels: { dtype: 'I64', shape: [5], data: labels } });
    expect(Array.from(getAll(loadTensorsFile({ path: labelled, inputsOnly: true })).y)).toEqual([0, 0, 0, 0, 0]);
  });

  describe('errors name the file and the tensor', () => {
    const goodInputs: TensorLike = { dtype: 'F32', shape: [5, 2, 3], data: inputs };
    const goodLabels: TensorLike = { dtype: 'I64', shape: [5], data: labels };

    it.each([
      ['no-labels', { inputs: goodInputs }, {}, "no labels tensor 'labels'; the file holds 'inputs'"],
      ['no-inputs', { x: goodInputs, labels: goodLabels }, {}, "no inputs tensor 'inputs' or 'pixel_values'; the file holds 'labels', 'x'"],
      ['no-named-inputs', { inputs: goodInputs, labels: goodLabels }, { inputs: 'images' }, "no inputs tensor 'images'; the file holds 'inputs', 'labels'"],
      [
        'count',
        { inputs: goodInputs, labels: { dtype: 'I64', shape: [4], data: labels.subarray(0, 4) } },
        {},
        "tensor 'labels': expected shape [5] (one label per row of 'inputs'), got [4]",
      ],
      [
        'float-labels',
        { inputs: goodInputs, labels: { dtype: 'F32', shape: [5], data: new Float32Array(5) } },
        {},
        "tensor 'labels': labels must be an integer tensor (I64, I32, …), got F32",
      ],
      [
        'negative',
        { inputs: goodInputs, labels: { dtype: 'I32', shape: [5], data: Int32Array.of(0, 1, -1, 0, 0) } },
        {},
        "tensor 'labels': label -1 of example 2 is negative",
      ],
      ['classes', { inputs: goodInputs, labels: goodLabels }, { numClasses: 3 }, 'label 3 of example 1 is outside [0, 3)'],
      [
        'rank',
        { inputs: { dtype: 'F32', shape: [5], data: new Float32Array(5) }, labels: goodLabels },
        {},
        "tensor 'inputs': inputs must be [examples, ...inputShape], got shape [5]",
      ],
    ] as Array<[string, Record<string, TensorLike>, object, string]>)('%s', (name, tensors, options, message) => {
      const file = write(`${name}.safetensors`, tensors);
      let caught: unknown;
      try {
        loadTensorsFile({ path: file, ...options });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DataError);
      expect((caught as Error).message).toBe(`${file}: ${message}`);
    });

    it('passes on the reader error for a missing file', () => {
      expect(() => loadTensorsFile({ path: path.join(dir, 'absent.safetensors') })).toThrow('absent.safetensors');
    });

    it('requires a path through the registry', async () => {
      await expect(openDataset(DATASETS.get('tensors-file'))).rejects.toThrow(
        "data set 'tensors-file': missing required parameter 'path'",
      );
    });
  });
});
