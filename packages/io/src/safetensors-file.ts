/**
 * One safetensors file, opened lazily: opening reads and validates only the length prefix and
 * the JSON header; each read is one positioned read of one tensor's bytes.
 */
import fs from 'node:fs';
import { SafetensorsError } from './errors';
import { LENGTH_PREFIX_BYTES, parseHeader, readHeaderLength } from './header';
import { readFully } from './positioned-read';
import { noSuchTensorRule } from './tensor-data';
import { TensorFile, openTensorFile } from './tensor-file';
import type { TensorInfo } from './tensor-reader';

export class SafetensorsFile extends TensorFile {
  /** Header `__metadata__`, or undefined when the header has none. */
  readonly metadata: Readonly<Record<string, string>> | undefined;
  /** Byte position where the data section starts (8 + header length). */
  readonly dataStart: number;
  private readonly ordered: readonly TensorInfo[];
  private readonly byName: ReadonlyMap<string, TensorInfo>;

  private constructor(path: string, fd: number) {
    super(path, fd);
    const fileSize = fs.fstatSync(fd).size;
    const prefix = new Uint8Array(LENGTH_PREFIX_BYTES);
    if (fileSize >= LENGTH_PREFIX_BYTES) readFully(fd, prefix, 0);
    const headerLength = readHeaderLength(prefix, fileSize, path);
    const headerBytes = new Uint8Array(headerLength);
    this.dataStart = LENGTH_PREFIX_BYTES + headerLength;
    if (!readFully(fd, headerBytes, LENGTH_PREFIX_BYTES)) throw this.fileShrank(undefined);
    const header = parseHeader(headerBytes, fileSize - this.dataStart, this.dataStart, path);
    this.metadata = header.metadata;
    this.ordered = header.tensors;
    this.byName = new Map(header.tensors.map((info) => [info.name, info]));
  }

  /** Opens and validates `path`; the file stays open until {@link close}. */
  static open(path: string): SafetensorsFile {
    const notFound = () => new SafetensorsError('ST_FILE_NOT_FOUND', { file: path }, 'no such file');
    return openTensorFile(path, 'a safetensors file', notFound, ({ fd }) => new SafetensorsFile(path, fd));
  }

  /** Tensor names in storage order. */
  names(): string[] {
    return this.ordered.map((info) => info.name);
  }

  /** Every tensor's info, in storage order. */
  tensors(): readonly TensorInfo[] {
    return this.ordered;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  info(name: string): TensorInfo {
    const info = this.byName.get(name);
    if (!info) {
      const rule = noSuchTensorRule(this.names(), 'the file');
      throw new SafetensorsError('ST_NOT_FOUND', { file: this.path, tensor: name }, rule);
    }
    return info;
  }

  readBytes(name: string): Uint8Array {
    const info = this.info(name);
    if (this.fd === undefined) {
      const place = { file: this.path, tensor: name };
      throw new SafetensorsError('ST_CLOSED', place, 'the file was closed before this read');
    }
    // A fresh ArrayBuffer per tensor: typed-array views of it are aligned whatever the offset.
    const bytes = new Uint8Array(new ArrayBuffer(info.byteLength));
    if (!readFully(this.fd, bytes, info.fileOffset)) throw this.fileShrank(name);
    return bytes;
  }

  private fileShrank(tensor: string | undefined): SafetensorsError {
    return new SafetensorsError(
      'ST_OFFSET_PAST_END',
      { file: this.path, tensor },
      'the file ended before the bytes its header promises (was it changed after opening?)',
    );
  }
}

/** Opens a safetensors file lazily, validating its header. */
export function openSafetensors(path: string): SafetensorsFile {
  return SafetensorsFile.open(path);
}
