import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights } from '@otfuse/core';
import { readHostFolder, readTensorFile } from '@otfuse/testing';
import { VitConfig, normalizeVitConfig } from '../config';

/** What `__fixtures__/vitmodel/make-fixtures.py` wrote with transformers 5.18. */
const FIXTURE = path.join(__dirname, '..', '__fixtures__', 'vitmodel');

/** The `ViTModel` (or its permuted copy) in host memory. */
export function loadVitModelFixture(permuted = false): { config: VitConfig; configJson: Record<string, unknown>; weights: InMemoryWeights } {
  const { configJson, weights } = readHostFolder(path.join(FIXTURE, permuted ? 'model-perm' : 'model'));
  return { config: normalizeVitConfig(configJson), configJson, weights };
}

/** transformers' outputs on the fixture pixels. */
export function vitModelOutputs(): (name: string) => { shape: number[]; data: Float32Array } {
  const tensors = readTensorFile(path.join(FIXTURE, 'outputs.safetensors'));
  return (name) => {
    const t = tensors.get(name);
    if (!t) throw new Error(`outputs.safetensors has no '${name}'`);
    return t;
  };
}

/** `pixel_values [8, 3, 12, 12]`. */
export function vitModelPixels(): tf.Tensor4D {
  const t = readTensorFile(path.join(FIXTURE, 'inputs.safetensors')).get('pixel_values')!;
  return tf.tensor4d(t.data, t.shape as [number, number, number, number]);
}
