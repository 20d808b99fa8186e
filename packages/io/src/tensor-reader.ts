/** What every lazy tensor source (one safetensors file, a sharded checkpoint) offers. */
import type { Dtype, TensorData } from './dtypes';

/** Where and how one tensor is stored. */
export interface TensorInfo {
  readonly name: string;
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  /** Bytes the tensor occupies in the file: dtype size × product of the shape. */
  readonly byteLength: number;
  /** `data_offsets` from the header: [begin, end) relative to the start of the data section. */
  readonly offsets: readonly [number, number];
  /** Absolute position of the tensor's first byte in `file`. */
  readonly fileOffset: number;
  /** The file that holds the tensor. */
  readonly file: string;
}

/** A float32 copy of a tensor, whatever its stored dtype. */
export interface Float32TensorData extends TensorData {
  dtype: 'F32';
  data: Float32Array;
}

export interface TensorReader {
  /** Header `__metadata__` of a file, or the `metadata` block of a sharded index. */
  readonly metadata: Readonly<Record<string, unknown>> | undefined;
  /** Tensor names: in storage order for a file, in index order for a sharded checkpoint. */
  names(): string[];
  has(name: string): boolean;
  info(name: string): TensorInfo;
  /** Reads one tensor into its dtype's natural typed array (F16/BF16 widened to float32). */
  read(name: string): TensorData;
  /** Reads one tensor converted to float32; integers must be exactly representable. */
  readAsFloat32(name: string): Float32TensorData;
  /** The tensor's stored bytes, unconverted. */
  readBytes(name: string): Uint8Array;
  /** Releases file handles; reads after closing fail with ST_CLOSED. */
  close(): void;
}
