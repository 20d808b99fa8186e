import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeSafetensors } from '@otfuse/io';
import { getAll } from '../dataset';
import { loadTensorsFile } from '../tensors-file';
import { firstN } from '../views';

describe('tokenised text in a tensors file', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-tensors-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true }));

  it('packs input_ids, attention_mask and token_type_ids into [N, 3, length], with masked-LM labels [N, length]', () => {
    const file = path.join(dir, 'mlm.safetensors');
    writeSafetensors(file, {
      input_ids: { dtype: 'I64', shape: [2, 4], data: BigInt64Array.of(2n, 4n, 7n, 3n, 2n, 9n, 3n, 0n) },
      attention_mask: { dtype: 'I64', shape: [2, 4], data: BigInt64Array.of(1n, 1n, 1n, 1n, 1n, 1n, 1n, 0n) },
      labels: { dtype: 'I64', shape: [2, 4], data: BigInt64Array.of(-100n, 12n, -100n, -100n, -100n, -100n, -100n, -100n) },
    });
    const dataset = loadTensorsFile({ path: file, numClasses: 20 });
    expect(dataset.inputShape).toEqual([3, 4]);
    expect(dataset.labelShape).toEqual([4]);
    expect(firstN(dataset, 1).labelShape).toEqual([4]);
    const { x, y } = getAll(dataset);
    expect(Array.from(x)).toEqual([2, 4, 7, 3, 1, 1, 1, 1, 0, 0, 0, 0, 2, 9, 3, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(Array.from(y)).toEqual([-100, 12, -100, -100, -100, -100, -100, -100]);
    expect(Array.from(dataset.get([1]).y)).toEqual([-100, -100, -100, -100]);
  });

  it('takes one class per sequence, defaults the mask to ones, and names mismatched tensors', () => {
    const file = path.join(dir, 'cls.safetensors');
    writeSafetensors(file, {
      input_ids: { dtype: 'I32', shape: [2, 3], data: Int32Array.of(2, 5, 3, 2, 6, 3) },
      token_type_ids: { dtype: 'I32', shape: [2, 3], data: Int32Array.of(0, 0, 1, 0, 1, 1) },
      labels: { dtype: 'I32', shape: [2], data: Int32Array.of(1, 0) },
    });
    const dataset = loadTensorsFile({ path: file });
    expect(dataset.labelShape).toBeUndefined();
    expect(Array.from(getAll(dataset).x)).toEqual([2, 5, 3, 1, 1, 1, 0, 0, 1, 2, 6, 3, 1, 1, 1, 0, 1, 1]);
    const bad = path.join(dir, 'bad.safetensors');
    writeSafetensors(bad, {
      input_ids: { dtype: 'I32', shape: [2, 3], data: Int32Array.of(2, 5, 3, 2, 6, 3) },
      attention_mask: { dtype: 'I32', shape: [2, 2], data: Int32Array.of(1, 1, 1, 1) },
      labels: { dtype: 'I32', shape: [2, 3], data: Int32Array.of(-100, 5, -1, -100, -100, -100) },
    });
    expect(() => loadTensorsFile({ path: bad })).toThrow(`${bad}: tensor 'attention_mask': expected [2, 3] as 'input_ids', got [2, 2]`);
  });

  it('accepts -100 only in per-token labels', () => {
    const file = path.join(dir, 'neg.safetensors');
    writeSafetensors(file, {
      input_ids: { dtype: 'I32', shape: [1, 3], data: Int32Array.of(2, 5, 3) },
      labels: { dtype: 'I32', shape: [1, 3], data: Int32Array.of(-100, -1, -100) },
    });
    expect(() => loadTensorsFile({ path: file })).toThrow("tensor 'labels': label -1 at flat position 1 is negative and not -100 (no label)");
    const single = path.join(dir, 'neg1.safetensors');
    writeSafetensors(single, { input_ids: { dtype: 'I32', shape: [1, 3], data: Int32Array.of(2, 5, 3) }, labels: { dtype: 'I32', shape: [1], data: Int32Array.of(-100) } });
    expect(() => loadTensorsFile({ path: single })).toThrow("label -100 of example 0 is negative");
  });
});
