import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { readModelFolder } from '@otfuse/io';
import { goldenPath, readGoldenTensors } from '@otfuse/testing';
import { VitConfig, normalizeVitConfig } from '../config';

/** The HuggingFace model folders of the vit-tiny golden set. */
export function goldenVitModelNames(): string[] {
  return fs.readdirSync(goldenPath('vit-tiny', 'models')).sort();
}

export interface LoadedVit {
  config: VitConfig;
  configJson: Record<string, unknown>;
  params: Record<string, tf.Tensor>;
  /** Parameter names in file order. */
  names: string[];
}

/** A golden model folder as tensors; dispose `params` when done. */
export function loadGoldenVit(name: string): LoadedVit {
  const folder = readModelFolder(goldenPath('vit-tiny', 'models', name));
  try {
    const names = folder.weights.names();
    const params: Record<string, tf.Tensor> = {};
    for (const n of names) {
      const t = folder.weights.readAsFloat32(n);
      params[n] = tf.tensor(t.data, [...t.shape], 'float32');
    }
    return { config: normalizeVitConfig(folder.config), configJson: folder.config, params, names };
  } finally {
    folder.weights.close();
  }
}

/** The golden inputs `pixel_values [40, 3, 32, 32]`. */
export function goldenPixels(): tf.Tensor4D {
  const t = readGoldenTensors('vit-tiny', 'inputs.safetensors').get('pixel_values');
  if (!t) throw new Error('inputs.safetensors has no pixel_values');
  return tf.tensor4d(t.data, t.shape as [number, number, number, number]);
}
