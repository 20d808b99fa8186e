/** One entry point for weights: a safetensors file, a sharded index, or a folder holding either. */
import fs from 'node:fs';
import path from 'node:path';
import { ModelFolderError } from './errors';
import { SafetensorsFile } from './safetensors-file';
import { SHARD_INDEX_FILE, ShardedSafetensors } from './sharded';
import type { TensorReader } from './tensor-reader';

export const SINGLE_WEIGHTS_FILE = 'model.safetensors';

/**
 * Opens weights lazily. A folder is searched for `model.safetensors`, then for
 * `model.safetensors.index.json` (the order HuggingFace uses); a path ending in `.index.json`
 * is a sharded index; any other path is one safetensors file.
 */
export function openCheckpoint(pathOrDir: string): TensorReader {
  if (fs.statSync(pathOrDir, { throwIfNoEntry: false })?.isDirectory()) {
    const single = path.join(pathOrDir, SINGLE_WEIGHTS_FILE);
    if (fs.existsSync(single)) return SafetensorsFile.open(single);
    const index = path.join(pathOrDir, SHARD_INDEX_FILE);
    if (fs.existsSync(index)) return ShardedSafetensors.open(index);
    throw new ModelFolderError(
      'MF_NO_WEIGHTS',
      `neither ${SINGLE_WEIGHTS_FILE} nor ${SHARD_INDEX_FILE} found in ${pathOrDir}`,
      pathOrDir,
    );
  }
  if (pathOrDir.endsWith('.index.json')) return ShardedSafetensors.open(pathOrDir);
  return SafetensorsFile.open(pathOrDir);
}
