/** One entry point for weights: a safetensors file, a PyTorch checkpoint, a sharded index, or a folder holding one. */
import fs from 'node:fs';
import path from 'node:path';
import { ModelFolderError } from './errors';
import { SHARD_INDEX_FILE, ShardedCheckpoint } from './sharded';
import type { TensorReader } from './tensor-reader';
import { openWeightsFile } from './weights-file';

export const SINGLE_WEIGHTS_FILE = 'model.safetensors';
/** What `torch.save(model.state_dict())` wrote in HuggingFace folders before safetensors. */
export const TORCH_WEIGHTS_FILE = 'pytorch_model.bin';
export const TORCH_SHARD_INDEX_FILE = 'pytorch_model.bin.index.json';

/** The weight files a folder is searched for, in HuggingFace's order: safetensors first. */
export const WEIGHTS_FILES: readonly string[] = [SINGLE_WEIGHTS_FILE, SHARD_INDEX_FILE, TORCH_WEIGHTS_FILE, TORCH_SHARD_INDEX_FILE];

/**
 * Opens weights lazily. A folder is searched for {@link WEIGHTS_FILES} in order; a path ending
 * in `.index.json` is a sharded index; any other path is one file, a PyTorch checkpoint when it
 * ends in `.bin`, `.pt` or `.pth`, safetensors otherwise.
 */
export function openCheckpoint(pathOrDir: string): TensorReader {
  if (fs.statSync(pathOrDir, { throwIfNoEntry: false })?.isDirectory()) {
    const found = WEIGHTS_FILES.map((name) => path.join(pathOrDir, name)).find((file) => fs.existsSync(file));
    if (found) return openFile(found);
    throw new ModelFolderError('MF_NO_WEIGHTS', `none of ${WEIGHTS_FILES.join(', ')} found in ${pathOrDir}`, pathOrDir);
  }
  return openFile(pathOrDir);
}

/** A path taken as a file (whatever is really there): a sharded index or one weights file. */
function openFile(file: string): TensorReader {
  return file.endsWith('.index.json') ? ShardedCheckpoint.open(file) : openWeightsFile(file);
}
