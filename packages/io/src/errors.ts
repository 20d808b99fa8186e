/**
 * Typed errors of @otfuse/io. Every error carries a stable `code` to branch on, and a message
 * that names the file (and the tensor or key) at fault, the rule, what was expected and what
 * was found.
 */

/** Codes of errors that are not about one file format: conversions, existing outputs. */
export type IoErrorCode =
  | 'IO_EXISTS'
  | 'IO_WRITE_FAILED'
  | 'IO_BAD_OPTION'
  | 'IO_INT_OVERFLOW'
  | 'IO_LOSSY_CONVERSION'
  | 'IO_BIG_ENDIAN_HOST'
  | 'IO_NOT_A_FILE'
  | 'IO_UNREADABLE'
  | SafetensorsErrorCode
  | ModelFolderErrorCode;

/** Codes of {@link SafetensorsError}: a file or sharded index that breaks the format's rules. */
export type SafetensorsErrorCode =
  | 'ST_FILE_NOT_FOUND'
  | 'ST_FILE_TOO_SMALL'
  | 'ST_HEADER_TRUNCATED'
  | 'ST_HEADER_TOO_LARGE'
  | 'ST_HEADER_NOT_UTF8'
  | 'ST_BAD_JSON'
  | 'ST_BAD_ENTRY'
  | 'ST_BAD_METADATA'
  | 'ST_UNKNOWN_DTYPE'
  | 'ST_BAD_SHAPE'
  | 'ST_BAD_OFFSETS'
  | 'ST_BYTE_COUNT'
  | 'ST_OFFSET_PAST_END'
  | 'ST_OVERLAP'
  | 'ST_GAP'
  | 'ST_TRAILING_DATA'
  | 'ST_NOT_FOUND'
  | 'ST_CLOSED'
  | 'ST_BAD_TENSOR'
  | 'ST_INDEX_BAD_JSON'
  | 'ST_INDEX_INVALID'
  | 'ST_SHARD_MISSING'
  | 'ST_SHARD_MISMATCH';

/** Codes of {@link ModelFolderError}: HuggingFace model folders. */
export type ModelFolderErrorCode =
  | 'MF_NOT_A_FOLDER'
  | 'MF_CONFIG_MISSING'
  | 'MF_BAD_JSON'
  | 'MF_NO_WEIGHTS'
  | 'MF_OUTPUT_EXISTS'
  | 'MF_OUTPUT_NOT_FOLDER'
  | 'MF_OUTPUT_IS_INPUT'
  | 'MF_BAD_FILE_NAME';

/** Base class of every error this package throws. */
export class IoError extends Error {
  override readonly name: string = 'IoError';

  constructor(
    readonly code: IoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Where a safetensors error was found: the file, and the tensor when one is at fault. */
export interface SafetensorsErrorPlace {
  file: string;
  tensor?: string;
}

/**
 * A safetensors file or sharded index that breaks a rule of the format, or a request the file
 * cannot answer. The message reads `<file>: tensor '<name>': <rule>`.
 */
export class SafetensorsError extends IoError {
  override readonly name = 'SafetensorsError';
  readonly file: string;
  readonly tensor: string | undefined;

  constructor(code: SafetensorsErrorCode, place: SafetensorsErrorPlace, rule: string) {
    const where = place.tensor === undefined ? place.file : `${place.file}: tensor '${place.tensor}'`;
    super(code, `${where}: ${rule}`);
    this.file = place.file;
    this.tensor = place.tensor;
  }
}

/** A HuggingFace model folder that cannot be read, or an output folder that must not be written. */
export class ModelFolderError extends IoError {
  override readonly name = 'ModelFolderError';

  constructor(
    code: ModelFolderErrorCode,
    message: string,
    readonly dir: string,
  ) {
    super(code, message);
  }
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
