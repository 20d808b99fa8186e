import fs from 'node:fs';
import path from 'node:path';
import { useTempDirs } from './__fixtures__/temp-dir';
import { openSafetensors } from './safetensors-file';
import { TensorRows } from './tensor-rows';
import { type TensorLike, writeSafetensors } from './index';

const tempDir = useTempDirs();

/** Rows of `name` in `file`, opened as a data set opens them. */
function rowsOf(file: string, name: string): TensorRows {
  const reader = openSafetensors(file);
  try {
    return new TensorRows(reader.info(name));
  } finally {
    reader.close();
  }
}

function written(tensors: Record<string, TensorLike>): string {
  const file = path.join(tempDir(), 'data.safetensors');
  writeSafetensors(file, tensors, { order: 'given' });
  return file;
}

/** 6 rows of 2 × 3 values: row r holds 10·r, 10·r + 1, … */
const SIX_ROWS = Float32Array.from({ length: 36 }, (_, i) => 10 * Math.floor(i / 6) + (i % 6));

describe('TensorRows', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads the rows asked for, in their order, repeats included, from a tensor after another', () => {
    const file = written({ before: { dtype: 'F32', shape: [3], data: Float32Array.of(7, 8, 9) }, x: { dtype: 'F32', shape: [6, 2, 3], data: SIX_ROWS } });
    const rows = rowsOf(file, 'x');
    expect([rows.rows, rows.rowLength]).toEqual([6, 6]);
    const into = new Float32Array(4 * 6);
    rows.read([5, 0, 1, 0], into);
    const expected = [5, 0, 1, 0].flatMap((r) => [0, 1, 2, 3, 4, 5].map((c) => 10 * r + c));
    expect(Array.from(into)).toEqual(expected);
  });

  it('reads a run of consecutive rows with one positioned read', () => {
    const file = written({ x: { dtype: 'F32', shape: [6, 2, 3], data: SIX_ROWS } });
    const rows = rowsOf(file, 'x');
    const realRead = fs.readSync;
    const lengths: number[] = [];
    jest.spyOn(fs, 'readSync').mockImplementation(((fd: number, buffer: Uint8Array, offset: number, length: number, position: number) => {
      lengths.push(length);
      return realRead(fd, buffer, offset, length, position);
    }) as typeof fs.readSync);
    const into = new Float32Array(5 * 6);
    rows.read([1, 2, 3, 5, 4], into);
    // Rows 1–3 in one read of 3 × 24 bytes, then 5 and 4 alone.
    expect(lengths).toEqual([72, 24, 24]);
    expect(into[3 * 6]).toBe(50);
  });

  it('widens half-precision rows as the whole-tensor read does', () => {
    const file = written({ x: { dtype: 'F16', shape: [6, 6], data: SIX_ROWS.map((v) => v / 3) } });
    const whole = openSafetensors(file);
    const expected = whole.readAsFloat32('x').data;
    whole.close();
    const into = new Float32Array(2 * 6);
    rowsOf(file, 'x').read([4, 2], into);
    expect(Array.from(into)).toEqual([...expected.subarray(24, 30), ...expected.subarray(12, 18)]);
  });

  it('refuses when opened an integer row float32 cannot hold, naming the row it starts from', () => {
    const values = BigInt64Array.from({ length: 12 }, (_, i) => BigInt(i));
    values[7] = 2n ** 24n + 1n;
    const file = written({ x: { dtype: 'I64', shape: [4, 3], data: values } });
    expect(() => rowsOf(file, 'x')).toThrow(`${file}: tensor 'x' from row 0: element 7 is 16777217, which float32 cannot hold exactly`);
  });

  it('refuses to read a file that changed after it was opened', () => {
    const file = written({ x: { dtype: 'F32', shape: [6, 6], data: SIX_ROWS } });
    const rows = rowsOf(file, 'x');
    fs.appendFileSync(file, Buffer.from([0, 0, 0, 0]));
    expect(() => rows.read([0], new Float32Array(6))).toThrow(expect.objectContaining({ code: 'IO_CHANGED', message: expect.stringContaining(`${file}: changed after it was opened`) }));
  });

  it('refuses rows past the end', () => {
    const file = written({ x: { dtype: 'F32', shape: [6, 6], data: SIX_ROWS } });
    expect(() => rowsOf(file, 'x').read([5, 6], new Float32Array(12))).toThrow(`${file}: tensor 'x' has 6 rows; rows 5…6 were asked for`);
  });
});
