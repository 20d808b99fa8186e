/**
 * Laying out a safetensors file the way the reference Python/Rust writer does, byte for byte:
 * tensors ordered by dtype rank (highest first) then by name (UTF-8 byte order), a compact JSON
 * header with `__metadata__` first, padded with spaces to a multiple of 8 bytes, then the data
 * back to back. Tensor bytes are produced one tensor at a time, so a writer never holds more
 * than one converted copy.
 */
import {
  DTYPES,
  type Dtype,
  type FloatDtype,
  RAW_ARRAY,
  type TensorArray,
  assertLittleEndianHost,
  elementCount,
  isDtype,
  isFloatDtype,
} from './dtypes';
import { IoError, SafetensorsError, formatShape } from './errors';
import { float32ToBfloat16, float32ToFloat16 } from './float-formats';
import { LENGTH_PREFIX_BYTES } from './header';

/** A tensor to write: `data` is row-major; float dtypes accept Float32Array or Float64Array. */
export interface TensorLike {
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  readonly data: TensorArray;
}

/** Tensors by name: a record, a Map, or an ordered list of [name, tensor] pairs. */
export type TensorsInput =
  | Readonly<Record<string, TensorLike>>
  | ReadonlyMap<string, TensorLike>
  | ReadonlyArray<readonly [string, TensorLike]>;

export interface EncodeOptions {
  /** String-to-string map stored as the header's `__metadata__`; omitted when undefined. */
  metadata?: Readonly<Record<string, string>>;
  /**
   * Stores every floating-point tensor as this dtype (rounding to nearest, ties to even);
   * integer and BOOL tensors pass through. Default: each tensor keeps its own dtype.
   */
  dtype?: FloatDtype;
  /**
   * Order of tensors in the file. 'safetensors' (default): by dtype rank, highest first, then
   * by name, as the reference writer does. 'given': the input's own order.
   */
  order?: 'safetensors' | 'given';
}

export interface PlannedTensor {
  readonly name: string;
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  readonly byteLength: number;
  /** The tensor's stored bytes, converted on demand. */
  bytes(): Uint8Array;
}

export interface SafetensorsPlan {
  /** Length prefix plus padded JSON header. */
  readonly header: Uint8Array;
  /** In storage order. */
  readonly tensors: readonly PlannedTensor[];
  /** Size of the whole file. */
  readonly byteLength: number;
}

function entriesOf(tensors: TensorsInput): Array<readonly [string, TensorLike]> {
  if (Array.isArray(tensors)) return [...(tensors as ReadonlyArray<readonly [string, TensorLike]>)];
  if (tensors instanceof Map) return [...tensors.entries()];
  return Object.entries(tensors as Readonly<Record<string, TensorLike>>);
}

function bytesOf(array: TensorArray): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function floatBytes(dtype: FloatDtype, data: Float32Array | Float64Array): Uint8Array {
  switch (dtype) {
    case 'F32':
      return bytesOf(data instanceof Float32Array ? data : Float32Array.from(data));
    case 'F64':
      return bytesOf(data instanceof Float64Array ? data : Float64Array.from(data));
    case 'F16':
      return bytesOf(float32ToFloat16(data));
    case 'BF16':
      return bytesOf(float32ToBfloat16(data));
  }
}

/** Checks one input tensor and decides how it is stored. */
function planTensor(name: string, tensor: TensorLike, options: EncodeOptions, file: string): PlannedTensor {
  const place = { file, tensor: name };
  const bad = (rule: string) => new SafetensorsError('ST_BAD_TENSOR', place, rule);
  if (name === '__metadata__') throw bad("'__metadata__' is reserved for the header's metadata");
  if (!isDtype(tensor.dtype)) {
    throw bad(`dtype ${JSON.stringify(tensor.dtype)} is not one of ${Object.keys(DTYPES).join(', ')}`);
  }
  const { shape, data } = tensor;
  if (!Array.isArray(shape) || !shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) {
    throw bad(`shape must be an array of non-negative integers, found ${JSON.stringify(shape)}`);
  }
  const count = elementCount(shape);
  const dtype = options.dtype && isFloatDtype(tensor.dtype) ? options.dtype : tensor.dtype;
  let bytes: () => Uint8Array;
  if (isFloatDtype(dtype)) {
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw bad(`${dtype} data must be Float32Array or Float64Array, found ${data?.constructor?.name}`);
    }
    bytes = () => floatBytes(dtype, data);
  } else {
    const Expected = RAW_ARRAY[dtype];
    if (!(data instanceof Expected)) {
      throw bad(`${dtype} data must be ${Expected.name}, found ${data?.constructor?.name}`);
    }
    if (dtype === 'BOOL') {
      const at = (data as Uint8Array).findIndex((value) => value > 1);
      if (at >= 0) throw bad(`BOOL element ${at} is ${data[at]}; only 0 and 1 are allowed`);
    }
    bytes = () => bytesOf(data);
  }
  if (data.length !== count) {
    throw bad(`shape ${formatShape(shape)} holds ${count} elements but the data has ${data.length}`);
  }
  return { name, dtype, shape, byteLength: count * DTYPES[dtype].size, bytes };
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function checkMetadata(metadata: Readonly<Record<string, string>>, file: string): void {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new SafetensorsError(
        'ST_BAD_METADATA',
        { file },
        `metadata must map strings to strings; key '${key}' holds ${JSON.stringify(value)}`,
      );
    }
  }
}

const ORDERS: ReadonlyArray<EncodeOptions['order']> = [undefined, 'safetensors', 'given'];

function checkOptions(options: EncodeOptions): void {
  if (options.dtype !== undefined && !(isDtype(options.dtype) && isFloatDtype(options.dtype))) {
    const found = JSON.stringify(options.dtype);
    throw new IoError('IO_BAD_OPTION', `option dtype must be F64, F32, F16 or BF16, found ${found}`);
  }
  if (!ORDERS.includes(options.order)) {
    const found = JSON.stringify(options.order);
    throw new IoError('IO_BAD_OPTION', `option order must be 'safetensors' or 'given', found ${found}`);
  }
}

function headerJson(tensors: readonly PlannedTensor[], metadata: Readonly<Record<string, string>> | undefined): string {
  const parts: string[] = [];
  if (metadata !== undefined) parts.push(`"__metadata__":${JSON.stringify(metadata)}`);
  let offset = 0;
  for (const tensor of tensors) {
    const end = offset + tensor.byteLength;
    const info = `{"dtype":"${tensor.dtype}","shape":[${tensor.shape.join(',')}],"data_offsets":[${offset},${end}]}`;
    parts.push(`${JSON.stringify(tensor.name)}:${info}`);
    offset = end;
  }
  return `{${parts.join(',')}}`;
}

/** Validates the tensors and lays out the file; `file` names the output in errors. */
export function planSafetensors(
  tensors: TensorsInput,
  options: EncodeOptions = {},
  file = '<buffer>',
): SafetensorsPlan {
  assertLittleEndianHost();
  checkOptions(options);
  const seen = new Set<string>();
  const planned = entriesOf(tensors).map(([name, tensor]) => {
    if (seen.has(name)) {
      throw new SafetensorsError('ST_BAD_TENSOR', { file, tensor: name }, 'the name appears twice in the input');
    }
    seen.add(name);
    return planTensor(name, tensor, options, file);
  });
  if ((options.order ?? 'safetensors') === 'safetensors') {
    planned.sort((a, b) => DTYPES[b.dtype].rank - DTYPES[a.dtype].rank || compareUtf8(a.name, b.name));
  }
  if (options.metadata !== undefined) checkMetadata(options.metadata, file);
  const json = Buffer.from(headerJson(planned, options.metadata), 'utf8');
  const padded = Math.ceil(json.length / 8) * 8;
  const header = Buffer.alloc(LENGTH_PREFIX_BYTES + padded, 0x20);
  header.writeBigUInt64LE(BigInt(padded), 0);
  json.copy(header, LENGTH_PREFIX_BYTES);
  const dataLength = planned.reduce((sum, tensor) => sum + tensor.byteLength, 0);
  return { header, tensors: planned, byteLength: header.length + dataLength };
}

/** The bytes of a safetensors file holding `tensors`. */
export function encodeSafetensors(tensors: TensorsInput, options: EncodeOptions = {}): Buffer {
  const plan = planSafetensors(tensors, options);
  const out = Buffer.allocUnsafe(plan.byteLength);
  out.set(plan.header, 0);
  let offset = plan.header.length;
  for (const tensor of plan.tensors) {
    out.set(tensor.bytes(), offset);
    offset += tensor.byteLength;
  }
  return out;
}
