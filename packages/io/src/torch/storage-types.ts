/**
 * The storage types torch.save names (as globals `torch <Type>`) for the tensors of a state dict,
 * and the dtype each one holds. torch 2 pickles its untyped storages under these legacy names.
 */
import type { Dtype } from '../dtypes';

export const STORAGE_DTYPES: Readonly<Record<string, Dtype>> = Object.freeze({
  FloatStorage: 'F32',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  DoubleStorage: 'F64',
  LongStorage: 'I64',
  IntStorage: 'I32',
  ShortStorage: 'I16',
  CharStorage: 'I8',
  ByteStorage: 'U8',
  BoolStorage: 'BOOL',
});

export function isStorageType(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(STORAGE_DTYPES, name);
}
