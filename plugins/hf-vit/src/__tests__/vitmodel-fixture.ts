import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights } from '@otfuse/core';
import { readHostFolder } from '@otfuse/testing';
import { VitConfig, normalizeVitConfig } from '../config';
import { namedTensors } from './family-fixtures';

/** What `__fixtures__/vitmodel/make-fixtures.py` wrote with transformers 5.18. */
const FIXTURE = path.join(__dirname, '..', '__fixtures__', 'vitmodel');

/** The `ViTModel` (or its permuted copy) in host memory. */
export function loadVitModelFixture(permuted = false): { config: VitConfig; configJson: Record<string, unknown>; weights: InMemoryWeights } {
  const { configJson, weights } = readHostFolder(path.join(FIXTURE, permuted ? 'model-perm' : 'model'));
  return { config: normalizeVitConfig(configJson), configJson, weights };
}

/** transformers' outputs on the fixture pixels. */
export const vitModelOutputs = () => namedTensors(path.join(FIXTURE, 'outputs.safetensors'));

/** `pixel_values [8, 3, 12, 12]`. */
export function vitModelPixels(): tf.Tensor4D {
  const t = namedTensors(path.join(FIXTURE, 'inputs.safetensors'))('pixel_values');
  return tf.tensor4d(t.data, t.shape as [number, number, number, number]);
}
