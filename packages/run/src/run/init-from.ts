import type { HostTensor } from '@otfuse/core';
import { readModelFolder } from '@otfuse/io';
import { ConfigError } from '../config/config-error';

/** What `model.init_from` contributed: the tensors taken from the folder and the ones left as initialised. */
export interface InitFromSummary {
  dir: string;
  taken: number;
  fresh: string[];
}

/**
 * Replaces each tensor of `initial` by the folder's tensor of the same name and shape (read as
 * float32); the others stay as initialised. A folder that shares no tensor is an error. Its
 * config.json comes back too: the new model's card names the folder by it.
 */
export function initFromFolder(dir: string, initial: Record<string, HostTensor>): { weights: Record<string, HostTensor>; summary: InitFromSummary; configJson: Record<string, unknown> } {
  const folder = readModelFolder(dir);
  try {
    const weights: Record<string, HostTensor> = {};
    const fresh: string[] = [];
    for (const [name, tensor] of Object.entries(initial)) {
      const info = folder.weights.has(name) ? folder.weights.info(name) : undefined;
      if (info && info.shape.length === tensor.shape.length && info.shape.every((dim, i) => dim === tensor.shape[i])) {
        weights[name] = { shape: [...tensor.shape], data: folder.weights.readAsFloat32(name).data as Float32Array };
      } else {
        weights[name] = tensor;
        fresh.push(name);
      }
    }
    const taken = Object.keys(initial).length - fresh.length;
    if (taken === 0) throw new ConfigError('DATA_MISMATCH', `model.init_from: ${dir} has no tensor of the new model's names and shapes`);
    return { weights, summary: { dir, taken, fresh }, configJson: folder.config };
  } finally {
    folder.weights.close();
  }
}
