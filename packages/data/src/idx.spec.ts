import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { parseIdx, readIdxFile } from './idx';

/** An IDX file of unsigned bytes with the given dims and data. */
function idxBytes(dims: number[], data: number[]): Uint8Array {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((dim, axis) => header.writeUInt32BE(dim, 4 + 4 * axis));
  return new Uint8Array(Buffer.concat([header, Buffer.from(data)]));
}

describe('parseIdx', () => {
  const data = [0, 1, 2, 3, 250, 251, 252, 255];

  it('reads dims and data, compressed or not', () => {
    const bytes = idxBytes([2, 2, 2], data);
    for (const input of [bytes, new Uint8Array(zlib.gzipSync(bytes))]) {
      const parsed = parseIdx(input, 'x.idx');
      expect(parsed.dims).toEqual([2, 2, 2]);
      expect([...parsed.data]).toEqual(data);
    }
  });

  it('names the file and the problem on malformed input', () => {
    const bad = idxBytes([2, 2, 2], data);
    bad[0] = 1;
    expect(() => parseIdx(bad, 'bad.idx')).toThrow('bad.idx: not an IDX file');
    const floats = idxBytes([8], data);
    floats[2] = 0x0d;
    expect(() => parseIdx(floats, 'f.idx')).toThrow('f.idx: IDX element type 0xd unsupported');
    expect(() => parseIdx(idxBytes([3, 3], data), 'short.idx')).toThrow('short.idx: IDX dims [3, 3] need 9 data bytes, found 8');
  });

  it('falls back to the .gz copy and reports a missing file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idx-'));
    try {
      fs.writeFileSync(path.join(dir, 'a-idx1-ubyte.gz'), zlib.gzipSync(idxBytes([8], data)));
      expect([...readIdxFile(path.join(dir, 'a-idx1-ubyte')).data]).toEqual(data);
      expect(() => readIdxFile(path.join(dir, 'missing'))).toThrow(`IDX file not found: ${path.join(dir, 'missing')}`);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
