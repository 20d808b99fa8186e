import path from 'node:path';
import { openSafetensors, writeSafetensors } from '@otfuse/io';
import { removeTempFolders, tempFolder } from '../__tests__/temp-folder';
import { CheckpointWeights } from './checkpoint-weights';

afterAll(removeTempFolders);

/** A checkpoint of one float tensor per given dtype and an I64 counter, read as the run reads parents. */
function checkpoint(dtypes: readonly ('F16' | 'BF16' | 'F32' | 'F64')[]): CheckpointWeights {
  const file = path.join(tempFolder(), 'model.safetensors');
  const tensors = dtypes.map((dtype, i) => [`w${i}`, { dtype, shape: [2], data: Float32Array.of(1, -2) }] as const);
  writeSafetensors(file, [...tensors, ['steps', { dtype: 'I64', shape: [1], data: BigInt64Array.of(3n) }]]);
  return new CheckpointWeights(openSafetensors(file));
}

describe('CheckpointWeights.floatDtype', () => {
  it.each(['F16', 'BF16', 'F32', 'F64'] as const)('is %s for a checkpoint whose floats are all stored so, integers aside', (dtype) => {
    expect(checkpoint([dtype, dtype]).floatDtype()).toBe(dtype);
  });

  it('is F32 where the floats are stored in several dtypes', () => {
    expect(checkpoint(['F16', 'BF16']).floatDtype()).toBe('F32');
  });
});
