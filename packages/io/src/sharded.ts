/**
 * Sharded checkpoints: a `model.safetensors.index.json` or `pytorch_model.bin.index.json`
 * (`{metadata, weight_map: {tensor: shard file}}`) beside the shard files, read as one lazy
 * tensor source. Opening reads only the index and checks that every shard exists; a shard is
 * opened (by the reader its name calls for) the first time one of its tensors is asked for.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TensorData } from './dtypes';
import { SafetensorsError } from './errors';
import { readInputText } from './input-file';
import { JsonSyntaxError, parseJson } from './json-text';
import type { Float32TensorData, TensorInfo, TensorReader } from './tensor-reader';
import { openWeightsFile } from './weights-file';

export const SHARD_INDEX_FILE = 'model.safetensors.index.json';

interface ShardIndex {
  metadata: Record<string, unknown> | undefined;
  weightMap: Map<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readIndex(indexPath: string): ShardIndex {
  const invalid = (rule: string) => new SafetensorsError('ST_INDEX_INVALID', { file: indexPath }, rule);
  let json: unknown;
  try {
    json = parseJson(readInputText(indexPath, 'a JSON shard index'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SafetensorsError('ST_FILE_NOT_FOUND', { file: indexPath }, 'no such file');
    }
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new SafetensorsError('ST_INDEX_BAD_JSON', { file: indexPath }, `not valid JSON: ${error.message}`);
  }
  if (!isRecord(json)) throw invalid('the index must be a JSON object');
  const { metadata, weight_map: weightMap } = json;
  if (metadata !== undefined && !isRecord(metadata)) throw invalid(`'metadata' must be an object`);
  if (!isRecord(weightMap)) throw invalid(`'weight_map' must be an object mapping tensor names to shard files`);
  const map = new Map<string, string>();
  for (const [tensor, shard] of Object.entries(weightMap)) {
    const place = { file: indexPath, tensor };
    if (typeof shard !== 'string' || shard === '') {
      const rule = `weight_map must name a shard file, found ${JSON.stringify(shard)}`;
      throw new SafetensorsError('ST_INDEX_INVALID', place, rule);
    }
    const normalized = path.normalize(shard);
    if (path.isAbsolute(shard) || normalized === '..' || normalized.startsWith(`..${path.sep}`)) {
      throw new SafetensorsError('ST_INDEX_INVALID', place, `shard '${shard}' lies outside the index's folder`);
    }
    map.set(tensor, shard);
  }
  return { metadata, weightMap: map };
}

export class ShardedCheckpoint implements TensorReader {
  /** The index's `metadata` block (HuggingFace stores `total_size` there). */
  readonly metadata: Readonly<Record<string, unknown>> | undefined;
  private readonly weightMap: ReadonlyMap<string, string>;
  private readonly folder: string;
  private readonly opened = new Map<string, TensorReader>();
  private closed = false;

  private constructor(readonly indexPath: string) {
    const index = readIndex(indexPath);
    this.metadata = index.metadata;
    this.weightMap = index.weightMap;
    this.folder = path.dirname(indexPath);
    const firstTensorOf = new Map<string, string>();
    for (const [tensor, shard] of this.weightMap) if (!firstTensorOf.has(shard)) firstTensorOf.set(shard, tensor);
    for (const [shard, tensor] of firstTensorOf) {
      if (!fs.existsSync(path.join(this.folder, shard))) {
        throw new SafetensorsError(
          'ST_SHARD_MISSING',
          { file: indexPath, tensor },
          `weight_map places it in shard '${shard}', which does not exist in ${this.folder}`,
        );
      }
    }
  }

  /** Reads and checks the index at `indexPath`; shards are opened on first use. */
  static open(indexPath: string): ShardedCheckpoint {
    return new ShardedCheckpoint(indexPath);
  }

  /** Tensor names in the index's order. */
  names(): string[] {
    return [...this.weightMap.keys()];
  }

  /** Distinct shard file names, in order of first appearance in the index. */
  shardFiles(): string[] {
    return [...new Set(this.weightMap.values())];
  }

  has(name: string): boolean {
    return this.weightMap.has(name);
  }

  info(name: string): TensorInfo {
    return this.shardHolding(name).info(name);
  }

  readBytes(name: string): Uint8Array {
    return this.shardHolding(name).readBytes(name);
  }

  read(name: string): TensorData {
    return this.shardHolding(name).read(name);
  }

  readAsFloat32(name: string): Float32TensorData {
    return this.shardHolding(name).readAsFloat32(name);
  }

  close(): void {
    for (const shard of this.opened.values()) shard.close();
    this.opened.clear();
    this.closed = true;
  }

  private shardHolding(name: string): TensorReader {
    const place = { file: this.indexPath, tensor: name };
    const shardName = this.weightMap.get(name);
    if (shardName === undefined) {
      const rule = `no such tensor in weight_map (${this.weightMap.size} tensors)`;
      throw new SafetensorsError('ST_NOT_FOUND', place, rule);
    }
    if (this.closed) throw new SafetensorsError('ST_CLOSED', place, 'the checkpoint was closed before this read');
    let shard = this.opened.get(shardName);
    if (!shard) {
      shard = openWeightsFile(path.join(this.folder, shardName));
      this.opened.set(shardName, shard);
    }
    if (!shard.has(name)) {
      throw new SafetensorsError(
        'ST_SHARD_MISMATCH',
        place,
        `weight_map places it in shard '${shardName}', which does not hold it`,
      );
    }
    return shard;
  }
}

/** Opens a sharded checkpoint (safetensors or PyTorch shards) from its index file. */
export function openShardedCheckpoint(indexPath: string): ShardedCheckpoint {
  return ShardedCheckpoint.open(indexPath);
}
