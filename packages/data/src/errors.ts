/** Machine-readable reason of a {@link DataError}. */
export type DataErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INDEX_OUT_OF_RANGE'
  | 'FILE_NOT_FOUND'
  | 'FILE_FORMAT'
  | 'TENSOR_MISSING'
  | 'TENSOR_MISMATCH';

/** Every error this package throws: a code to branch on and a message naming the thing at fault. */
export class DataError extends Error {
  override readonly name = 'DataError';

  constructor(
    readonly code: DataErrorCode,
    message: string,
  ) {
    super(message);
  }
}
