import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readTensorFile } from '@otfuse/testing';
import { LoadedBert, loadBertFolder, packedInputs } from './golden-models';

/** The heads `__fixtures__/heads/make-fixtures.py` wrote with transformers 5.18, each with a permuted copy. */
export const FIXTURE_HEADS = ['base', 'tokcls', 'qa', 'pretraining'] as const;
export type FixtureHead = (typeof FIXTURE_HEADS)[number];

const FIXTURES = path.join(__dirname, '..', '__fixtures__', 'heads');

/** The model (or its permuted copy) in host memory. */
export const loadHeadFixture = (head: FixtureHead, permuted = false): LoadedBert => loadBertFolder(path.join(FIXTURES, permuted ? `${head}-perm` : head));

/** transformers' outputs of the model on the fixture inputs. */
export function headOutputs(head: FixtureHead): (name: string) => { shape: number[]; data: Float32Array } {
  const tensors = readTensorFile(path.join(FIXTURES, `${head}-outputs.safetensors`));
  return (name) => {
    const t = tensors.get(name);
    if (!t) throw new Error(`${head}-outputs.safetensors has no '${name}'`);
    return t;
  };
}

/** The fixture inputs and labels, as float32. */
export const headData = () => readTensorFile(path.join(FIXTURES, 'inputs.safetensors'));

/** The fixture inputs `[6, 3, 12]` (ids, mask, token types), padded with id 0. */
export const headInputs = (): tf.Tensor3D => packedInputs(headData());
