import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights } from '@otfuse/core';
import { readHostFolder, readTensorFile } from '@otfuse/testing';
import { EncoderArchitecture } from '../architecture';
import { EncoderConfig } from '../config';
import { EncoderFamily } from '../family';
import { packedInputs } from './golden-models';

/** The classes `__fixtures__/families/make-fixtures.py` wrote with transformers 5.18 for each family, each with a permuted copy. */
export const FAMILY_FIXTURE_HEADS = ['base', 'seqcls', 'mlm'] as const;
export type FamilyFixtureHead = (typeof FAMILY_FIXTURE_HEADS)[number];

/** A family's fixtures live in a folder named by its `model_type`. */
const folder = (family: EncoderFamily) => path.join(__dirname, '..', '__fixtures__', 'families', family.config.modelType);

export interface LoadedEncoder {
  config: EncoderConfig;
  configJson: Record<string, unknown>;
  weights: InMemoryWeights;
}

/** The model (or its permuted copy) in host memory. */
export function loadFamilyFixture(family: EncoderFamily, head: FamilyFixtureHead, permuted = false): LoadedEncoder {
  const { configJson, weights } = readHostFolder(path.join(folder(family), permuted ? `${head}-perm` : head));
  return { config: new EncoderArchitecture(family).normalizeConfig(configJson), configJson, weights };
}

/** transformers' outputs of the model on the family's inputs. */
export function familyOutputs(family: EncoderFamily, head: FamilyFixtureHead): (name: string) => { shape: number[]; data: Float32Array } {
  const tensors = readTensorFile(path.join(folder(family), `${head}-outputs.safetensors`));
  return (name) => {
    const t = tensors.get(name);
    if (!t) throw new Error(`${family.config.modelType}/${head}-outputs.safetensors has no '${name}'`);
    return t;
  };
}

/** The family's inputs `[6, 3, 12]` (ids, mask, token types), padded with its pad id. */
export const familyInputs = (family: EncoderFamily): tf.Tensor3D => packedInputs(readTensorFile(path.join(folder(family), 'inputs.safetensors')));
