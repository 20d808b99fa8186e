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
  | 'IO_CHANGED'
  | SafetensorsErrorCode
  | TorchCheckpointErrorCode
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

/** Codes of {@link TorchCheckpointError}: a `torch.save` checkpoint that cannot be read safely. */
export type TorchCheckpointErrorCode =
  | 'PT_FILE_NOT_FOUND'
  | 'PT_LEGACY_FORMAT'
  | 'PT_NOT_A_ZIP'
  | 'PT_ZIP_INVALID'
  | 'PT_ZIP_UNSUPPORTED'
  | 'PT_TRUNCATED'
  | 'PT_NO_PICKLE'
  | 'PT_BYTE_ORDER'
  | 'PT_PICKLE_TOO_LARGE'
  | 'PT_PICKLE_GLOBAL'
  | 'PT_PICKLE_OPCODE'
  | 'PT_PICKLE_INVALID'
  | 'PT_NOT_STATE_DICT'
  | 'PT_STORAGE_MISSING'
  | 'PT_STORAGE_SIZE'
  | 'PT_VIEW_OUT_OF_BOUNDS'
  | 'PT_NOT_FOUND'
  | 'PT_CLOSED';

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

/** Where an error in a weights file was found: the file, and the tensor when one is at fault. */
export interface WeightsFilePlace {
  file: string;
  tensor?: string;
}

export type SafetensorsErrorPlace = WeightsFilePlace;

/** An error about one weights file (or index); the message reads `<file>: tensor '<name>': <rule>`. */
export class WeightsFileError extends IoError {
  override readonly name: string = 'WeightsFileError';
  readonly file: string;
  readonly tensor: string | undefined;

  constructor(code: IoErrorCode, place: WeightsFilePlace, rule: string) {
    const where = place.tensor === undefined ? place.file : `${place.file}: tensor '${place.tensor}'`;
    super(code, `${where}: ${rule}`);
    this.file = place.file;
    this.tensor = place.tensor;
  }
}

/**
 * A safetensors file or sharded index that breaks a rule of the format, or a request the file
 * cannot answer. The message reads `<file>: tensor '<name>': <rule>`.
 */
export class SafetensorsError extends WeightsFileError {
  override readonly name = 'SafetensorsError';

  constructor(code: SafetensorsErrorCode, place: WeightsFilePlace, rule: string) {
    super(code, place, rule);
  }
}

/**
 * A PyTorch checkpoint (`pytorch_model.bin`) that is not a plain `torch.save` state dict, breaks
 * the zip format, or asks for something the reader refuses (a global, an opcode); nothing in it
 * was executed. The message reads `<file>: tensor '<name>': <rule>`.
 */
export class TorchCheckpointError extends WeightsFileError {
  override readonly name = 'TorchCheckpointError';

  constructor(code: TorchCheckpointErrorCode, place: WeightsFilePlace, rule: string) {
    super(code, place, rule);
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
