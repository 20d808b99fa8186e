/** Hand-built safetensors bytes, independent of the package's own writer, for reader tests. */

export interface RawFileOptions {
  /** Length written in the 8-byte prefix; defaults to the header's real length. */
  declaredLength?: bigint;
}

/** 8-byte little-endian length, the header (raw bytes, JSON text or a value to stringify), then `data`. */
export function rawSafetensors(
  header: string | Uint8Array | object,
  data: Uint8Array | number = 0,
  options: RawFileOptions = {},
): Buffer {
  const text =
    header instanceof Uint8Array
      ? Buffer.from(header)
      : Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(options.declaredLength ?? BigInt(text.length));
  const body = typeof data === 'number' ? Buffer.alloc(data) : Buffer.from(data);
  return Buffer.concat([prefix, text, body]);
}
