import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights } from '@otfuse/core';
import { readHostFolder, readTensorFile } from '@otfuse/testing';
import { VisionArchitecture } from '../architecture';
import { VisionConfig } from '../config';
import { VisionFamily } from '../family';

/** A family's fixtures (`__fixtures__/families/make-fixtures.py`, transformers 5.18) live in a folder named by its `model_type`. */
const folder = (family: VisionFamily) => path.join(__dirname, '..', '__fixtures__', 'families', family.config.modelType);

/** The tensors of a safetensors file by name; a missing one throws, naming the file. */
export function namedTensors(file: string): (name: string) => { shape: number[]; data: Float32Array } {
  const tensors = readTensorFile(file);
  return (name) => {
    const t = tensors.get(name);
    if (!t) throw new Error(`${path.basename(file)} has no '${name}'`);
    return t;
  };
}

/** The model of one of the family's heads (or its permuted copy) in host memory. */
export function loadFamilyFixture(family: VisionFamily, head: string, permuted = false): { config: VisionConfig; configJson: Record<string, unknown>; weights: InMemoryWeights } {
  const { configJson, weights } = readHostFolder(path.join(folder(family), permuted ? `${head}-perm` : head));
  return { config: new VisionArchitecture(family).normalizeConfig(configJson), configJson, weights };
}

/** transformers' outputs of the head's model on the family's pixels. */
export const familyOutputs = (family: VisionFamily, head: string) => namedTensors(path.join(folder(family), `${head}-outputs.safetensors`));

/** The family's `pixel_values [8, 3, 12, 12]`. */
export function familyPixels(family: VisionFamily): tf.Tensor4D {
  const t = namedTensors(path.join(folder(family), 'inputs.safetensors'))('pixel_values');
  return tf.tensor4d(t.data, t.shape as [number, number, number, number]);
}
