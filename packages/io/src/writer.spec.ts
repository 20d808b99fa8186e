import fs from 'node:fs';
import path from 'node:path';
import { f32 } from './__fixtures__/tensors';
import { useTempDirs } from './__fixtures__/temp-dir';
import type { TensorData } from './dtypes';
import { encodeSafetensors } from './encode';
import { openSafetensors } from './safetensors-file';
import { writeSafetensors } from './write';

const tempDir = useTempDirs();

function headerText(bytes: Buffer): string {
  return bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString('utf8');
}

describe('encodeSafetensors layout', () => {
  const tensors: Record<string, TensorData> = {
    'b.weight': f32(1, 2),
    'a.weight': f32(3),
    ids: { dtype: 'I64', shape: [1], data: BigInt64Array.of(5n) },
    half: { dtype: 'F16', shape: [1], data: Float32Array.of(1) },
    mask: { dtype: 'BOOL', shape: [2], data: Uint8Array.of(1, 0) },
    d: { dtype: 'F64', shape: [1], data: Float64Array.of(2) },
  };

  it('orders by dtype rank then name, metadata first, compact JSON padded with spaces to 8 bytes', () => {
    const bytes = encodeSafetensors(tensors, { metadata: { format: 'pt' } });
    const header = headerText(bytes);
    expect(header.length % 8).toBe(0);
    expect(header.trimEnd()).toBe(
      '{"__metadata__":{"format":"pt"},' +
        '"ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},' +
        '"d":{"dtype":"F64","shape":[1],"data_offsets":[8,16]},' +
        '"a.weight":{"dtype":"F32","shape":[1],"data_offsets":[16,20]},' +
        '"b.weight":{"dtype":"F32","shape":[2],"data_offsets":[20,28]},' +
        '"half":{"dtype":"F16","shape":[1],"data_offsets":[28,30]},' +
        '"mask":{"dtype":"BOOL","shape":[2],"data_offsets":[30,32]}}',
    );
    expect(header.length - header.trimEnd().length).toBeLessThan(8);
    expect(bytes.length).toBe(8 + header.length + 32);
    expect(bytes.subarray(8 + header.length, 8 + header.length + 8)).toEqual(Buffer.from(BigInt64Array.of(5n).buffer));
  });

  it("keeps the input's order when asked, and omits __metadata__ without metadata", () => {
    const list = Object.entries(tensors).reverse();
    const header = headerText(encodeSafetensors(list, { order: 'given' }));
    const names = Object.keys(JSON.parse(header));
    expect(names).toEqual(list.map(([name]) => name));
  });

  it('sorts names by UTF-8 bytes, as the reference writer does', () => {
    // U+E000 sorts after U+10000 by UTF-16 code units (0xE000 > 0xD800) but before it by
    // UTF-8 bytes (0xEE < 0xF0), which is how the reference writer compares names.
    const names = ['\u{10000}', '\uE000', 'z'];
    const header = headerText(encodeSafetensors(Object.fromEntries(names.map((n) => [n, f32(1)]))));
    expect(Object.keys(JSON.parse(header))).toEqual(['z', '\uE000', '\u{10000}']);
  });

  it('rejects malformed tensors with the tensor named', () => {
    const cases: Array<[string, unknown, string]> = [
      ['w', { dtype: 'F32', shape: [3], data: new Float32Array(2) }, 'shape [3] holds 3 elements but the data has 2'],
      ['ids', { dtype: 'I32', shape: [2], data: new Float32Array(2) }, 'I32 data must be Int32Array, found Float32Array'],
      ['m', { dtype: 'BOOL', shape: [2], data: Uint8Array.of(0, 2) }, 'BOOL element 1 is 2'],
      ['s', { dtype: 'F32', shape: [-1], data: new Float32Array(0) }, 'shape must be an array of non-negative integers'],
      ['q', { dtype: 'Q4', shape: [1], data: new Float32Array(1) }, 'dtype "Q4" is not one of'],
      ['__metadata__', f32(1), 'reserved'],
    ];
    for (const [name, tensor, says] of cases) {
      expect(() => encodeSafetensors([[name, tensor as TensorData]])).toThrow(
        expect.objectContaining({ code: 'ST_BAD_TENSOR', tensor: name, message: expect.stringContaining(says) }),
      );
    }
    expect(() => encodeSafetensors([['a', f32(1)], ['a', f32(2)]])).toThrow(expect.objectContaining({ code: 'ST_BAD_TENSOR' }));
    expect(() => encodeSafetensors({ a: f32(1) }, { metadata: { n: 3 as unknown as string } })).toThrow(
      expect.objectContaining({ code: 'ST_BAD_METADATA' }),
    );
  });

  it('rejects unknown options', () => {
    const dtype = 'I32' as 'F32';
    expect(() => encodeSafetensors({ a: f32(1) }, { dtype })).toThrow(expect.objectContaining({ code: 'IO_BAD_OPTION' }));
    const order = 'name' as 'given';
    expect(() => encodeSafetensors({ a: f32(1) }, { order })).toThrow(expect.objectContaining({ code: 'IO_BAD_OPTION' }));
  });

  it('rounds float64 data for an F32 tensor and widens float32 data for an F64 tensor', () => {
    const bytes = encodeSafetensors({
      a: { dtype: 'F32', shape: [1], data: Float64Array.of(0.1) },
      b: { dtype: 'F64', shape: [1], data: Float32Array.of(0.1) },
    });
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'x.safetensors'), bytes);
    const reader = openSafetensors(path.join(dir, 'x.safetensors'));
    expect(reader.read('a').data[0]).toBe(Math.fround(0.1));
    expect(reader.read('b').data[0]).toBe(Math.fround(0.1));
    reader.close();
  });
});

describe('writeSafetensors', () => {
  afterEach(() => jest.restoreAllMocks());

  it('writes the same bytes as encodeSafetensors and never overwrites unless asked', () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.safetensors');
    writeSafetensors(file, { a: f32(1, 2) });
    expect(fs.readFileSync(file)).toEqual(encodeSafetensors({ a: f32(1, 2) }));
    expect(() => writeSafetensors(file, { a: f32(9) })).toThrow(
      expect.objectContaining({ code: 'IO_EXISTS', message: expect.stringContaining(file) }),
    );
    expect(fs.readFileSync(file)).toEqual(encodeSafetensors({ a: f32(1, 2) }));
    writeSafetensors(file, { a: f32(9) }, { overwrite: true });
    expect(fs.readFileSync(file)).toEqual(encodeSafetensors({ a: f32(9) }));
    expect(fs.readdirSync(dir)).toEqual(['w.safetensors']);
  });

  it('leaves neither the target nor a temporary file when a write fails midway', () => {
    const dir = tempDir();
    const file = path.join(dir, 'fail.safetensors');
    const realWrite = fs.writeSync;
    let calls = 0;
    jest.spyOn(fs, 'writeSync').mockImplementation(((...args: Parameters<typeof fs.writeSync>) => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return (realWrite as (...a: unknown[]) => number)(...args);
    }) as typeof fs.writeSync);
    expect(() => writeSafetensors(file, { a: f32(1), b: f32(2) })).toThrow('ENOSPC');
    expect(calls).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('validates before creating anything', () => {
    const dir = tempDir();
    expect(() => writeSafetensors(path.join(dir, 'x.safetensors'), { a: { dtype: 'F32', shape: [2], data: new Float32Array(1) } })).toThrow(
      expect.objectContaining({ code: 'ST_BAD_TENSOR', file: path.join(dir, 'x.safetensors') }),
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
