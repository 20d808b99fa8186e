import fs from 'node:fs';
import path from 'node:path';
import { TORCH_FIXTURES } from '../__fixtures__/torch-files';
import { openSafetensors } from '../safetensors-file';
import { openTorchCheckpoint } from './torch-file';

const fixture = (name: string) => path.join(TORCH_FIXTURES, name);
const values = [-0.5, -0.25, 0, 0.25, 0.5, 0.75];

/** Every tensor of `bin` against the safetensors file holding the same values: names, dtypes, shapes and bytes. */
function expectSameTensors(bin: string, expected: string): void {
  const reader = openTorchCheckpoint(bin);
  const reference = openSafetensors(expected);
  expect([...reader.names()].sort()).toEqual([...reference.names()].sort());
  for (const name of reference.names()) {
    const { dtype, shape } = reference.info(name);
    expect([name, reader.info(name).dtype, reader.info(name).shape]).toEqual([name, dtype, shape]);
    expect(Buffer.from(reader.readBytes(name)).equals(Buffer.from(reference.readBytes(name)))).toBe(true);
  }
  reader.close();
  reference.close();
}

describe('PyTorch checkpoints written by torch.save', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads every storage type into its dtype, in the state dict order', () => {
    const reader = openTorchCheckpoint(fixture('dtypes.bin'));
    expect(reader.names()).toEqual(['f32', 'f16', 'bf16', 'f64', 'i64', 'i32', 'i16', 'i8', 'u8', 'bool', 'scalar', 'empty']);
    expect(reader.metadata).toBeUndefined();
    expect(reader.read('f32')).toEqual({ dtype: 'F32', shape: [2, 3], data: Float32Array.from(values) });
    expect(reader.read('f16')).toEqual({ dtype: 'F16', shape: [2, 3], data: Float32Array.from(values) });
    expect(reader.read('bf16')).toEqual({ dtype: 'BF16', shape: [2, 3], data: Float32Array.from(values) });
    expect(reader.read('f64').data).toEqual(Float64Array.from(values, (v) => v + 1 / 3));
    expect(reader.read('i64')).toEqual({ dtype: 'I64', shape: [5], data: BigInt64Array.of(-(2n ** 40n), -1n, 0n, 7n, 2n ** 53n + 1n) });
    expect(reader.read('i32').data).toEqual(Int32Array.of(-(2 ** 31), 5, 2 ** 31 - 1));
    expect(reader.read('i16').data).toEqual(Int16Array.of(-300, 300));
    expect(reader.read('i8').data).toEqual(Int8Array.of(-128, 127));
    expect(reader.read('u8')).toEqual({ dtype: 'U8', shape: [2], data: Uint8Array.of(0, 255) });
    expect(reader.read('bool')).toEqual({ dtype: 'BOOL', shape: [3], data: Uint8Array.of(1, 0, 1) });
    expect(reader.read('scalar')).toEqual({ dtype: 'F32', shape: [], data: Float32Array.of(3.5) });
    expect(reader.read('empty')).toEqual({ dtype: 'F32', shape: [0, 4], data: new Float32Array(0) });
    expect(reader.readAsFloat32('i16').data).toEqual(Float32Array.of(-300, 300));
    expect(() => reader.readAsFloat32('i64')).toThrow(expect.objectContaining({ code: 'IO_LOSSY_CONVERSION', message: expect.stringContaining("dtypes.bin: tensor 'i64': element 4") }));
    reader.close();
    expectSameTensors(fixture('dtypes.bin'), fixture('dtypes.safetensors'));
  });

  it('reads views of shared storages: offsets, slices, transposed, strided and broadcast tensors, tied weights', () => {
    expectSameTensors(fixture('views.bin'), fixture('views.safetensors'));
    const reader = openTorchCheckpoint(fixture('views.bin'));
    const base = Array.from({ length: 24 }, (_, i) => i);
    expect(reader.read('row').data).toEqual(Float32Array.from(base.slice(12, 18)));
    expect(reader.read('transposed')).toEqual({ dtype: 'F32', shape: [6, 4], data: Float32Array.from(base, (_, i) => base[(i % 4) * 6 + Math.floor(i / 4)]) });
    expect(reader.read('strided').data).toEqual(Float32Array.of(0, 3, 12, 15));
    expect(reader.read('expanded').data).toEqual(Float32Array.of(6, 7, 8, 6, 7, 8));
    // Tied weights: one storage, two names, the same bytes of the file.
    expect(reader.info('lm_head.weight').offsets).toEqual(reader.info('wte.weight').offsets);
    expect(reader.read('lm_head.weight')).toEqual(reader.read('wte.weight'));
    const row = reader.info('row');
    expect(row.fileOffset).toBe(reader.info('base').fileOffset + 12 * 4);
    expect(row).toMatchObject({ byteLength: 24, offsets: [row.fileOffset, row.fileOffset + 24], file: fixture('views.bin') });
    // A transposed view spans its whole storage; it reads as its own row-major copy.
    expect(reader.info('transposed')).toMatchObject({ byteLength: 96, offsets: reader.info('base').offsets });
    reader.close();
  });

  it('reads only the zip directory and the pickle at open, and one range per tensor', () => {
    const file = fixture('views.bin');
    const reads: Array<{ length: number; position: number }> = [];
    const realRead = fs.readSync as (...args: unknown[]) => number;
    jest.spyOn(fs, 'readSync').mockImplementation(((fd: number, buffer: Uint8Array, offset: number, length: number, position: number) => {
      reads.push({ length, position });
      return realRead(fd, buffer, offset, length, position);
    }) as unknown as typeof fs.readSync);
    const reader = openTorchCheckpoint(file);
    const storages = reader.names().map((name) => reader.info(name).offsets);
    const touches = (read: { length: number; position: number }) => storages.some(([begin, end]) => read.position < end && begin < read.position + read.length);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter(touches)).toEqual([]);
    reads.length = 0;
    reader.readBytes('row');
    expect(reads).toEqual([{ length: 24, position: reader.info('row').fileOffset }]);
    reads.length = 0;
    reader.readBytes('transposed');
    expect(reads).toEqual([{ length: 96, position: reader.info('base').fileOffset }]);
    reader.close();
  });

  it('names the file and the tensor that is not there, and refuses reads after close', () => {
    const file = fixture('dtypes.bin');
    const reader = openTorchCheckpoint(file);
    expect(reader.has('f32')).toBe(true);
    expect(() => reader.info('f33')).toThrow(
      expect.objectContaining({
        name: 'TorchCheckpointError',
        code: 'PT_NOT_FOUND',
        message: `${file}: tensor 'f33': no such tensor; the checkpoint holds 'f32', 'f16', 'bf16', 'f64', 'i64', … (12 in all)`,
      }),
    );
    reader.close();
    expect(() => reader.read('f32')).toThrow(expect.objectContaining({ code: 'PT_CLOSED', tensor: 'f32' }));
    reader.close();
  });
});
