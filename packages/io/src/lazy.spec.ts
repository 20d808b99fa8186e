import fs from 'node:fs';
import path from 'node:path';
import { useTempDirs } from './__fixtures__/temp-dir';
import { openSafetensors } from './safetensors-file';
import { writeSafetensors } from './write';

const tempDir = useTempDirs();

describe('lazy reads', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads only the header at open and only one tensor per read', () => {
    const file = path.join(tempDir(), 'big.safetensors');
    const fill = (n: number, value: number) => new Float32Array(n).fill(value);
    writeSafetensors(file, {
      first: { dtype: 'F32', shape: [256, 256], data: fill(256 * 256, 1) },
      middle: { dtype: 'F32', shape: [100], data: fill(100, 2) },
      last: { dtype: 'F32', shape: [512, 256], data: fill(512 * 256, 3) },
    }, { order: 'given' });
    const fileSize = fs.statSync(file).size;
    const reads: Array<{ length: number; position: number }> = [];
    const realRead = fs.readSync as (...args: unknown[]) => number;
    type PositionedRead = (fd: number, buffer: Uint8Array, offset: number, length: number, position: number) => number;
    const countingRead: PositionedRead = (fd, buffer, offset, length, position) => {
      const bytes = realRead(fd, buffer, offset, length, position);
      reads.push({ length: bytes, position });
      return bytes;
    };
    jest.spyOn(fs, 'readSync').mockImplementation(countingRead as unknown as typeof fs.readSync);

    const reader = openSafetensors(file);
    const headerBytes = reader.dataStart;
    expect(reads.reduce((sum, r) => sum + r.length, 0)).toBe(headerBytes);
    expect(headerBytes).toBeLessThan(1000);

    reads.length = 0;
    const middle = reader.read('middle');
    expect([...middle.data].every((v) => v === 2)).toBe(true);
    const info = reader.info('middle');
    expect(reads).toEqual([{ length: 400, position: info.fileOffset }]);
    expect(info.fileOffset).toBe(headerBytes + 256 * 256 * 4);
    expect(fileSize).toBe(headerBytes + (256 * 256 + 100 + 512 * 256) * 4);
    reader.close();
  });
});
