import fs from 'node:fs';
import path from 'node:path';
import { rawSafetensors } from './__fixtures__/raw-file';
import { useTempDirs } from './__fixtures__/temp-dir';
import { IoError, SafetensorsError } from './errors';
import { openSafetensors } from './safetensors-file';

const tempDir = useTempDirs();

const f32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

interface CorruptCase {
  name: string;
  bytes: () => Buffer;
  code: string;
  tensor?: string;
  /** Text the message must contain besides the file (and tensor). */
  says: string;
}

const CASES: CorruptCase[] = [
  { name: 'empty file', bytes: () => Buffer.alloc(0), code: 'ST_FILE_TOO_SMALL', says: 'holds 0 bytes' },
  { name: 'file cut inside the length prefix', bytes: () => Buffer.from([16, 0, 0]), code: 'ST_FILE_TOO_SMALL', says: 'holds 3 bytes' },
  {
    name: 'file cut inside the header',
    bytes: () => rawSafetensors({ a: f32([2], 0, 8) }, 8).subarray(0, 30),
    code: 'ST_HEADER_TRUNCATED',
    says: 'runs past the end of the file',
  },
  {
    name: 'header length beyond the 100 MB limit',
    bytes: () => rawSafetensors({}, 0, { declaredLength: 2n ** 62n }),
    code: 'ST_HEADER_TOO_LARGE',
    says: `header length ${2n ** 62n} exceeds the limit of 100000000 bytes`,
  },
  { name: 'invalid JSON', bytes: () => rawSafetensors('{"a": {"dtype": "F32",,}}'), code: 'ST_BAD_JSON', says: 'line 1, column 23' },
  { name: 'JSON that is not an object', bytes: () => rawSafetensors('[1, 2]'), code: 'ST_BAD_JSON', says: 'must be a JSON object' },
  { name: 'invalid UTF-8', bytes: () => rawSafetensors(Uint8Array.of(0x7b, 0xff, 0x7d)), code: 'ST_HEADER_NOT_UTF8', says: 'UTF-8' },
  {
    name: 'an entry nested too deep to print',
    bytes: () => rawSafetensors(`{"deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
    code: 'ST_BAD_ENTRY',
    tensor: 'deep',
    says: 'a deeply nested array',
  },
  {
    name: 'overlapping offsets',
    bytes: () => rawSafetensors({ a: f32([2], 0, 8), b: f32([2], 4, 12) }, 12),
    code: 'ST_OVERLAP',
    tensor: 'b',
    says: "data_offsets [4, 12] overlap tensor 'a' at [0, 8]",
  },
  {
    name: 'a gap between tensors',
    bytes: () => rawSafetensors({ a: f32([2], 0, 8), b: f32([1], 12, 16) }, 16),
    code: 'ST_GAP',
    tensor: 'b',
    says: "leave bytes [8, 12) unused after tensor 'a'",
  },
  {
    name: 'a gap at the start',
    bytes: () => rawSafetensors({ a: f32([1], 4, 8) }, 8),
    code: 'ST_GAP',
    tensor: 'a',
    says: 'leave bytes [0, 4) unused at the start of the data section',
  },
  {
    name: 'wrong byte count',
    bytes: () => rawSafetensors({ 'layers.0.weight': f32([10, 10], 0, 396) }, 396),
    code: 'ST_BYTE_COUNT',
    tensor: 'layers.0.weight',
    says: 'data_offsets [0, 396] hold 396 bytes but F32 [10, 10] needs 400',
  },
  {
    name: 'unknown dtype',
    bytes: () => rawSafetensors({ a: { dtype: 'F8_E4M3', shape: [2], data_offsets: [0, 2] } }, 2),
    code: 'ST_UNKNOWN_DTYPE',
    tensor: 'a',
    says: 'dtype "F8_E4M3" is not one of BOOL, U8',
  },
  {
    name: 'offsets past the end of the file',
    bytes: () => rawSafetensors({ a: f32([2], 0, 8), b: f32([4], 8, 24) }, 16),
    code: 'ST_OFFSET_PAST_END',
    tensor: 'b',
    says: 'data_offsets [8, 24] end past the data section, which holds 16 bytes',
  },
  { name: 'negative shape', bytes: () => rawSafetensors({ a: f32([2, -1], 0, 0) }), code: 'ST_BAD_SHAPE', tensor: 'a', says: 'found [2,-1]' },
  { name: 'non-integer shape', bytes: () => rawSafetensors({ a: f32([2.5], 0, 10) }, 10), code: 'ST_BAD_SHAPE', tensor: 'a', says: 'non-negative integers' },
  { name: 'begin after end', bytes: () => rawSafetensors({ a: f32([0], 8, 4) }, 8), code: 'ST_BAD_OFFSETS', tensor: 'a', says: 'found [8,4]' },
  {
    name: 'bytes after the last tensor',
    bytes: () => rawSafetensors({ a: f32([2], 0, 8) }, 12),
    code: 'ST_TRAILING_DATA',
    tensor: 'a',
    says: 'holds 12 bytes but the tensors cover only the first 8',
  },
  {
    name: 'an entry without data_offsets',
    bytes: () => rawSafetensors({ a: { dtype: 'F32', shape: [1] } }, 4),
    code: 'ST_BAD_ENTRY',
    tensor: 'a',
    says: "entry lacks 'data_offsets'",
  },
  {
    name: 'metadata that is not string to string',
    bytes: () => rawSafetensors({ __metadata__: { epoch: 3 }, a: f32([1], 0, 4) }, 4),
    code: 'ST_BAD_METADATA',
    says: "key 'epoch' holds 3",
  },
];

describe('validation at open', () => {
  it.each(CASES.map((c) => [c.name, c]))('rejects %s', (_name, corrupt) => {
    const file = path.join(tempDir(), 'model.safetensors');
    fs.writeFileSync(file, corrupt.bytes());
    let caught: unknown;
    try {
      openSafetensors(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SafetensorsError);
    expect(caught).toBeInstanceOf(IoError);
    const error = caught as SafetensorsError;
    expect(error.code).toBe(corrupt.code);
    expect(error.file).toBe(file);
    expect(error.tensor).toBe(corrupt.tensor);
    const where = corrupt.tensor === undefined ? `${file}: ` : `${file}: tensor '${corrupt.tensor}': `;
    expect(error.message.startsWith(where)).toBe(true);
    expect(error.message).toContain(corrupt.says);
  });

  it('closes the file when validation fails', () => {
    const file = path.join(tempDir(), 'bad.safetensors');
    fs.writeFileSync(file, rawSafetensors('not json'));
    const closed: number[] = [];
    const realClose = fs.closeSync;
    const spy = jest.spyOn(fs, 'closeSync').mockImplementation((fd: number) => {
      closed.push(fd);
      realClose(fd);
    });
    const open = jest.spyOn(fs, 'openSync');
    expect(() => openSafetensors(file)).toThrow(SafetensorsError);
    expect(closed).toEqual([open.mock.results[0].value]);
    spy.mockRestore();
    open.mockRestore();
  });

  it('accepts zero-size tensors and an empty file with no tensors', () => {
    const dir = tempDir();
    const zero = path.join(dir, 'zero.safetensors');
    fs.writeFileSync(zero, rawSafetensors({ e: f32([0, 3], 4, 4), a: f32([1], 0, 4), z: f32([0], 0, 0) }, 4));
    const reader = openSafetensors(zero);
    expect(reader.names()).toEqual(['z', 'a', 'e']);
    expect(reader.read('e').data).toHaveLength(0);
    reader.close();
    const none = path.join(dir, 'none.safetensors');
    fs.writeFileSync(none, rawSafetensors({}));
    expect(openSafetensors(none).names()).toEqual([]);
  });
});
