import fs from 'node:fs';
import path from 'node:path';
import { f32 } from './__fixtures__/tensors';
import { useTempDirs } from './__fixtures__/temp-dir';
import { openCheckpoint } from './checkpoint';
import { SafetensorsFile } from './safetensors-file';
import { SHARD_INDEX_FILE, openShardedCheckpoint } from './sharded';
import { writeSafetensors } from './write';

const tempDir = useTempDirs();

const SHARD_1 = 'model-00001-of-00002.safetensors';
const SHARD_2 = 'model-00002-of-00002.safetensors';

/** Two shards and an index mapping `weightMap` (default: a, b in shard 1; c in shard 2). */
function writeCheckpoint(dir: string, weightMap?: Record<string, string>): string {
  writeSafetensors(path.join(dir, SHARD_1), { a: f32(1, 2), b: f32(3) }, { metadata: { format: 'pt' } });
  writeSafetensors(path.join(dir, SHARD_2), { c: f32(4, 5, 6) }, { metadata: { format: 'pt' } });
  const index = path.join(dir, SHARD_INDEX_FILE);
  const map = weightMap ?? { a: SHARD_1, b: SHARD_1, c: SHARD_2 };
  fs.writeFileSync(index, JSON.stringify({ metadata: { total_size: 24 }, weight_map: map }, null, 2));
  return index;
}

describe('sharded checkpoints', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads every tensor through the index, opening each shard on first use', () => {
    const dir = tempDir();
    const index = writeCheckpoint(dir);
    const open = jest.spyOn(SafetensorsFile, 'open');
    const checkpoint = openShardedCheckpoint(index);
    expect(open).not.toHaveBeenCalled();
    expect(checkpoint.metadata).toEqual({ total_size: 24 });
    expect(checkpoint.names()).toEqual(['a', 'b', 'c']);
    expect(checkpoint.shardFiles()).toEqual([SHARD_1, SHARD_2]);

    expect(checkpoint.read('a').data).toEqual(Float32Array.of(1, 2));
    expect(checkpoint.readAsFloat32('b').data).toEqual(Float32Array.of(3));
    expect(open.mock.calls).toEqual([[path.join(dir, SHARD_1)]]);
    expect(checkpoint.info('c')).toMatchObject({ shape: [3], file: path.join(dir, SHARD_2) });
    expect(checkpoint.read('c').data).toEqual(Float32Array.of(4, 5, 6));
    expect(open).toHaveBeenCalledTimes(2);
    checkpoint.close();
    expect(() => checkpoint.read('a')).toThrow(expect.objectContaining({ code: 'ST_CLOSED' }));
  });

  it('is what openCheckpoint returns for a folder without model.safetensors', () => {
    const dir = tempDir();
    writeCheckpoint(dir);
    const checkpoint = openCheckpoint(dir);
    expect(checkpoint.names()).toEqual(['a', 'b', 'c']);
    expect(checkpoint.read('c').data).toEqual(Float32Array.of(4, 5, 6));
    checkpoint.close();
  });

  it('names the index, the tensor and the shard when a shard is missing', () => {
    const dir = tempDir();
    const index = writeCheckpoint(dir, { a: SHARD_1, b: SHARD_1, c: 'model-00003-of-00003.safetensors' });
    expect(() => openShardedCheckpoint(index)).toThrow(
      expect.objectContaining({
        code: 'ST_SHARD_MISSING',
        message: `${index}: tensor 'c': weight_map places it in shard 'model-00003-of-00003.safetensors', which does not exist in ${dir}`,
      }),
    );
  });

  it('names the index and the tensor when the shard does not hold it', () => {
    const dir = tempDir();
    const index = writeCheckpoint(dir, { a: SHARD_1, b: SHARD_2, c: SHARD_2 });
    const checkpoint = openShardedCheckpoint(index);
    expect(checkpoint.read('c').data).toHaveLength(3);
    expect(() => checkpoint.read('b')).toThrow(
      expect.objectContaining({
        code: 'ST_SHARD_MISMATCH',
        message: `${index}: tensor 'b': weight_map places it in shard '${SHARD_2}', which does not hold it`,
      }),
    );
    expect(() => checkpoint.info('zzz')).toThrow(expect.objectContaining({ code: 'ST_NOT_FOUND', tensor: 'zzz' }));
    checkpoint.close();
  });

  it('rejects a malformed index', () => {
    const dir = tempDir();
    const index = path.join(dir, SHARD_INDEX_FILE);
    fs.writeFileSync(index, '{\n  "weight_map": {\n    "a": "x.safetensors",\n  }\n}');
    expect(() => openShardedCheckpoint(index)).toThrow(
      expect.objectContaining({ code: 'ST_INDEX_BAD_JSON', message: expect.stringContaining('line 4, column 3') }),
    );
    fs.writeFileSync(index, JSON.stringify({ metadata: {} }));
    expect(() => openShardedCheckpoint(index)).toThrow(
      expect.objectContaining({ code: 'ST_INDEX_INVALID', message: expect.stringContaining("'weight_map' must be an object") }),
    );
    fs.writeFileSync(index, JSON.stringify({ weight_map: { a: '../outside.safetensors' } }));
    expect(() => openShardedCheckpoint(index)).toThrow(
      expect.objectContaining({ code: 'ST_INDEX_INVALID', tensor: 'a', message: expect.stringContaining('outside') }),
    );
  });
});
