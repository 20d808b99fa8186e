/**
 * Hand-built PyTorch checkpoints for the reader's refusal tests, independent of the reader: a
 * zip writer (stored or deflated entries, optionally every size and offset in zip64 form), a
 * few pickle opcodes, and the pickle torch.save writes for a state dict (as the real fixtures in
 * torch/ show it, without the memo). torch.load reads what they write (checked by hand with torch
 * 2.13: stored and deflated, with and without zip64). Real checkpoints, written by torch itself,
 * are in torch/.
 */
import path from 'node:path';
import zlib from 'node:zlib';

/** The checkpoints torch.save wrote (see torch/make-fixtures.py). */
export const TORCH_FIXTURES = path.resolve(__dirname, 'torch');

export interface ZipFixtureEntry {
  name: string;
  data: Uint8Array | string;
  deflate?: boolean;
}

const u16 = (value: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  return b;
};
const u32 = (value: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return b;
};
const u64 = (value: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(value));
  return b;
};

/** A zip of `entries`; with `zip64`, every size and offset is marked 0xFFFFFFFF and given in zip64 records. */
export function zipFile(entries: readonly ZipFixtureEntry[], options: { zip64?: boolean } = {}): Buffer {
  const zip64 = options.zip64 ?? false;
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.from(entry.data);
    const stored = entry.deflate ? zlib.deflateRawSync(raw) : raw;
    const name = Buffer.from(entry.name, 'utf8');
    const common = Buffer.concat([u16(zip64 ? 45 : 20), u16(0x800), u16(entry.deflate ? 8 : 0), u16(0), u16(0), u32(zlib.crc32(raw))]);
    const sizes = zip64 ? Buffer.concat([u32(0xffffffff), u32(0xffffffff)]) : Buffer.concat([u32(stored.length), u32(raw.length)]);
    const localExtra = zip64 ? Buffer.concat([u16(1), u16(16), u64(raw.length), u64(stored.length)]) : Buffer.alloc(0);
    const local = Buffer.concat([u32(0x04034b50), common, sizes, u16(name.length), u16(localExtra.length), name, localExtra]);
    const centralExtra = zip64 ? Buffer.concat([u16(1), u16(24), u64(raw.length), u64(stored.length), u64(offset)]) : Buffer.alloc(0);
    directory.push(
      Buffer.concat([u32(0x02014b50), u16(zip64 ? 45 : 20), common, sizes, u16(name.length), u16(centralExtra.length), u16(0), u16(0), u16(0), u32(0)]),
      u32(zip64 ? 0xffffffff : offset),
      name,
      centralExtra,
    );
    parts.push(local, stored);
    offset += local.length + stored.length;
  }
  const central = Buffer.concat(directory);
  const tail: Buffer[] = [];
  if (zip64) {
    const at = offset + central.length;
    tail.push(Buffer.concat([u32(0x06064b50), u64(44), u16(45), u16(45), u32(0), u32(0), u64(entries.length), u64(entries.length), u64(central.length), u64(offset)]));
    tail.push(Buffer.concat([u32(0x07064b50), u32(0), u64(at), u32(1)]));
  }
  const count = zip64 ? 0xffff : entries.length;
  tail.push(Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(count), u16(count), u32(zip64 ? 0xffffffff : central.length), u32(zip64 ? 0xffffffff : offset), u16(0)]));
  return Buffer.concat([...parts, central, ...tail]);
}

/** Pickle opcodes, as bytes. */
export const op = {
  proto: Buffer.from([0x80, 2]),
  stop: Buffer.from('.'),
  mark: Buffer.from('('),
  tuple: Buffer.from('t'),
  tuple1: Buffer.from([0x85]),
  emptyTuple: Buffer.from(')'),
  emptyDict: Buffer.from('}'),
  emptyList: Buffer.from(']'),
  setItem: Buffer.from('s'),
  setItems: Buffer.from('u'),
  reduce: Buffer.from('R'),
  persid: Buffer.from('Q'),
  build: Buffer.from('b'),
  none: Buffer.from('N'),
  newFalse: Buffer.from([0x89]),
  str: (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    return Buffer.concat([Buffer.from('X'), u32(bytes.length), bytes]);
  },
  /** BININT for 32-bit values, LONG1 (8 bytes) beyond. */
  int: (value: number | bigint) => {
    if (typeof value === 'number' && value >= -(2 ** 31) && value < 2 ** 31) {
      const b = Buffer.alloc(5);
      b.write('J');
      b.writeInt32LE(value, 1);
      return b;
    }
    const b = Buffer.alloc(10);
    b[0] = 0x8a;
    b[1] = 8;
    b.writeBigInt64LE(BigInt(value), 2);
    return b;
  },
  global: (module: string, name: string) => Buffer.from(`c${module}\n${name}\n`, 'utf8'),
};

/** PROTO 2, `parts`, STOP. */
export const pickleOf = (...parts: Buffer[]): Buffer => Buffer.concat([op.proto, ...parts, op.stop]);

const intTuple = (values: readonly number[]) => Buffer.concat([op.mark, ...values.map(op.int), op.tuple]);

export interface FixtureTensor {
  /** Storage type, default FloatStorage. */
  type?: string;
  key: string;
  /** Elements the storage declares. */
  numel: number | bigint;
  offset?: number;
  shape: number[];
  /** Default: row-major. */
  stride?: number[];
}

/** The `_rebuild_tensor_v2(...)` call torch.save writes for one tensor. */
export function tensorPickle(tensor: FixtureTensor): Buffer {
  const stride = tensor.stride ?? tensor.shape.map((_, axis) => tensor.shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const pid = Buffer.concat([op.mark, op.str('storage'), op.global('torch', tensor.type ?? 'FloatStorage'), op.str(tensor.key), op.str('cpu'), op.int(tensor.numel), op.tuple]);
  const hooks = Buffer.concat([op.global('collections', 'OrderedDict'), op.emptyTuple, op.reduce]);
  const args = Buffer.concat([op.mark, pid, op.persid, op.int(tensor.offset ?? 0), intTuple(tensor.shape), intTuple(stride), op.newFalse, hooks, op.tuple]);
  return Buffer.concat([op.global('torch._utils', '_rebuild_tensor_v2'), args, op.reduce]);
}

/** The pickle of a plain dict of tensors, as torch.save writes one. */
export function stateDictPickle(tensors: Readonly<Record<string, FixtureTensor>>): Buffer {
  const items = Object.entries(tensors).flatMap(([name, tensor]) => [op.str(name), tensorPickle(tensor)]);
  return pickleOf(op.emptyDict, op.mark, ...items, op.setItems);
}

export interface CheckpointFixture {
  /** The pickle: a state dict of these tensors, or these bytes. */
  pickle: Readonly<Record<string, FixtureTensor>> | Buffer;
  /** Bytes of each storage, by key. */
  storages?: Readonly<Record<string, Uint8Array>>;
  /** The `byteorder` record; null leaves it out. Default 'little'. */
  byteorder?: string | null;
  archive?: string;
  deflate?: boolean;
  zip64?: boolean;
}

/** A checkpoint laid out as torch.save lays one out: data.pkl, byteorder, data/<key>, version. */
export function checkpointFile(fixture: CheckpointFixture): Buffer {
  const archive = fixture.archive ?? 'archive';
  const pickle = Buffer.isBuffer(fixture.pickle) ? fixture.pickle : stateDictPickle(fixture.pickle);
  const entries: ZipFixtureEntry[] = [{ name: `${archive}/data.pkl`, data: pickle }];
  if (fixture.byteorder !== null) entries.push({ name: `${archive}/byteorder`, data: fixture.byteorder ?? 'little' });
  for (const [key, data] of Object.entries(fixture.storages ?? {})) entries.push({ name: `${archive}/data/${key}`, data });
  entries.push({ name: `${archive}/version`, data: '3\n' });
  return zipFile(entries.map((entry) => ({ ...entry, deflate: fixture.deflate })), { zip64: fixture.zip64 });
}

/** Little-endian float32 bytes. */
export const f32Bytes = (...values: number[]): Uint8Array => new Uint8Array(Float32Array.from(values).buffer);
