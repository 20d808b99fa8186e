import fs from 'node:fs';
import path from 'node:path';
import { rawSafetensors } from './__fixtures__/raw-file';
import { useTempDirs } from './__fixtures__/temp-dir';
import type { TensorData } from './dtypes';
import { encodeSafetensors } from './encode';
import { IoError } from './errors';
import { openSafetensors } from './safetensors-file';
import { writeSafetensors } from './write';

const tempDir = useTempDirs();

/** One tensor of every dtype, with values at the edges of each type's range. */
const EVERY_DTYPE: Record<string, TensorData> = {
  f64: { dtype: 'F64', shape: [2, 3], data: Float64Array.of(0, -0, 1e-310, Math.PI, -1e300, Infinity) },
  f32: { dtype: 'F32', shape: [5], data: Float32Array.of(1.5, -3.25, 1e-45, 3.4e38, NaN) },
  f16: { dtype: 'F16', shape: [2, 2], data: Float32Array.of(1, -65504, 2 ** -24, -Infinity) },
  bf16: { dtype: 'BF16', shape: [3], data: Float32Array.of(1, -(2 ** -133), 3.3895313892515355e38) },
  i64: { dtype: 'I64', shape: [3], data: BigInt64Array.of(-(2n ** 63n), 0n, 2n ** 63n - 1n) },
  u64: { dtype: 'U64', shape: [2], data: BigUint64Array.of(0n, 2n ** 64n - 1n) },
  i32: { dtype: 'I32', shape: [3], data: Int32Array.of(-(2 ** 31), 7, 2 ** 31 - 1) },
  u32: { dtype: 'U32', shape: [2], data: Uint32Array.of(0, 2 ** 32 - 1) },
  i16: { dtype: 'I16', shape: [2], data: Int16Array.of(-32768, 32767) },
  u16: { dtype: 'U16', shape: [2], data: Uint16Array.of(0, 65535) },
  i8: { dtype: 'I8', shape: [3], data: Int8Array.of(-128, 0, 127) },
  u8: { dtype: 'U8', shape: [1, 2], data: Uint8Array.of(0, 255) },
  bool: { dtype: 'BOOL', shape: [3], data: Uint8Array.of(1, 0, 1) },
  scalar: { dtype: 'F32', shape: [], data: Float32Array.of(42) },
  empty: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
};

describe('round trips', () => {
  it('writes and reads back every dtype exactly', () => {
    const file = path.join(tempDir(), 'all.safetensors');
    writeSafetensors(file, EVERY_DTYPE, { metadata: { purpose: 'test' } });
    const reader = openSafetensors(file);
    expect(reader.metadata).toEqual({ purpose: 'test' });
    expect(reader.names().sort()).toEqual(Object.keys(EVERY_DTYPE).sort());
    for (const [name, tensor] of Object.entries(EVERY_DTYPE)) {
      const back = reader.read(name);
      expect(back.dtype).toBe(tensor.dtype);
      expect(back.shape).toEqual(tensor.shape);
      expect(back.data.constructor).toBe(tensor.data.constructor);
      expect([...back.data]).toEqual([...tensor.data]);
    }
    reader.close();
  });

  it('rounds floats to F16 or BF16 on request and leaves integers alone', () => {
    const tensors = {
      w: { dtype: 'F32', shape: [4], data: Float32Array.of(1 + 2 ** -11, 1 + 3 * 2 ** -11, 70000, 2 ** -26) },
      d: { dtype: 'F64', shape: [1], data: Float64Array.of(1 + 2 ** -9) },
      ids: { dtype: 'I32', shape: [2], data: Int32Array.of(70000, -1) },
    } satisfies Record<string, TensorData>;
    const half = path.join(tempDir(), 'half.safetensors');
    writeSafetensors(half, tensors, { dtype: 'F16' });
    const reader = openSafetensors(half);
    expect(reader.info('w').dtype).toBe('F16');
    expect(reader.info('w').byteLength).toBe(8);
    expect([...reader.read('w').data]).toEqual([1, 1 + 2 ** -9, Infinity, 0]);
    expect([...reader.read('d').data]).toEqual([1 + 2 ** -9]);
    expect(reader.read('ids')).toEqual({ dtype: 'I32', shape: [2], data: Int32Array.of(70000, -1) });
    reader.close();

    const brain = encodeSafetensors(tensors, { dtype: 'BF16' });
    const file = path.join(tempDir(), 'brain.safetensors');
    fs.writeFileSync(file, brain);
    const bf = openSafetensors(file);
    expect(bf.info('w').dtype).toBe('BF16');
    expect([...bf.read('w').data]).toEqual([1, 1, 70144, 2 ** -26]);
    bf.close();
  });

  it('widens F16 and BF16 bytes written by hand', () => {
    const bits = Uint16Array.of(0x3c00, 0xc000, 0x7c00, 0x0001, 0x3f80, 0x0001);
    const bytes = new Uint8Array(bits.buffer);
    const file = path.join(tempDir(), 'raw.safetensors');
    fs.writeFileSync(
      file,
      rawSafetensors(
        {
          h: { dtype: 'F16', shape: [4], data_offsets: [0, 8] },
          b: { dtype: 'BF16', shape: [2], data_offsets: [8, 12] },
        },
        bytes,
      ),
    );
    const reader = openSafetensors(file);
    expect(reader.read('h')).toEqual({ dtype: 'F16', shape: [4], data: Float32Array.of(1, -2, Infinity, 2 ** -24) });
    expect(reader.read('b')).toEqual({ dtype: 'BF16', shape: [2], data: Float32Array.of(1, 2 ** -133) });
    expect(reader.readBytes('b')).toEqual(Uint8Array.of(0x80, 0x3f, 0x01, 0x00));
    reader.close();
  });

  it('converts any dtype to float32 and refuses integers float32 cannot hold', () => {
    const file = path.join(tempDir(), 'conv.safetensors');
    writeSafetensors(file, {
      small: { dtype: 'I64', shape: [2], data: BigInt64Array.of(-3n, 16777216n) },
      big: { dtype: 'I32', shape: [1], data: Int32Array.of(16777217) },
      d: { dtype: 'F64', shape: [1], data: Float64Array.of(0.1) },
      flag: { dtype: 'BOOL', shape: [2], data: Uint8Array.of(0, 1) },
    });
    const reader = openSafetensors(file);
    expect(reader.readAsFloat32('small')).toEqual({ dtype: 'F32', shape: [2], data: Float32Array.of(-3, 16777216) });
    expect(reader.readAsFloat32('d').data[0]).toBe(Math.fround(0.1));
    expect(reader.readAsFloat32('flag').data).toEqual(Float32Array.of(0, 1));
    expect(() => reader.readAsFloat32('big')).toThrow(
      expect.objectContaining({ code: 'IO_LOSSY_CONVERSION', message: expect.stringContaining("tensor 'big'") }),
    );
    reader.close();
  });

  it('reports unknown tensors and reads after close', () => {
    const file = path.join(tempDir(), 'one.safetensors');
    writeSafetensors(file, { a: EVERY_DTYPE.f32 });
    const reader = openSafetensors(file);
    expect(() => reader.read('b')).toThrow(
      expect.objectContaining({ code: 'ST_NOT_FOUND', message: `${file}: tensor 'b': no such tensor; the file holds 'a'` }),
    );
    reader.close();
    expect(() => reader.read('a')).toThrow(expect.objectContaining({ code: 'ST_CLOSED' }));
    expect(() => openSafetensors(path.join(tempDir(), 'missing.safetensors'))).toThrow(
      expect.objectContaining({ code: 'ST_FILE_NOT_FOUND' }),
    );
    expect(new IoError('IO_EXISTS', 'x')).toBeInstanceOf(Error);
  });
});
