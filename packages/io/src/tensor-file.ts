/**
 * What a weights file read with positioned reads shares, whatever its format: the file is held
 * open from `open` to `close`, and `read` and `readAsFloat32` decode what `readBytes` returns.
 */
import fs from 'node:fs';
import type { TensorData } from './dtypes';
import { type InputFile, openInputFile } from './input-file';
import { decodeTensorBytes, float32Tensor } from './tensor-data';
import type { Float32TensorData, TensorInfo, TensorReader } from './tensor-reader';

export abstract class TensorFile implements TensorReader {
  abstract readonly metadata: Readonly<Record<string, unknown>> | undefined;
  /** Undefined once closed. */
  protected fd: number | undefined;

  protected constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  abstract names(): string[];
  abstract has(name: string): boolean;
  abstract info(name: string): TensorInfo;
  abstract readBytes(name: string): Uint8Array;

  read(name: string): TensorData {
    const { dtype, shape } = this.info(name);
    return decodeTensorBytes(dtype, shape, this.readBytes(name));
  }

  readAsFloat32(name: string): Float32TensorData {
    return float32Tensor(this.read(name), `${this.path}: tensor '${name}'`);
  }

  close(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Opens `path` as {@link openInputFile} does and builds a reader of it with `make`. A missing
 * file throws `notFound()`; if `make` throws, the file is closed again.
 */
export function openTensorFile<T>(path: string, expected: string, notFound: () => Error, make: (input: InputFile) => T): T {
  let input: InputFile;
  try {
    input = openInputFile(path, expected);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw notFound();
  }
  try {
    return make(input);
  } catch (error) {
    fs.closeSync(input.fd);
    throw error;
  }
}
