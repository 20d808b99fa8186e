/**
 * One PyTorch checkpoint (`pytorch_model.bin`, what `torch.save(state_dict)` writes), read
 * lazily and safely: opening reads the zip's directory, its `byteorder` and its `data.pkl`, which
 * a data-only interpreter turns into tensor descriptions (nothing in the pickle is imported or
 * run); each read is one positioned read of that tensor's bytes, copied out of its storage when
 * the tensor is a view that is not row-major.
 */
import { DTYPES, elementCount } from '../dtypes';
import { TorchCheckpointError, formatShape } from '../errors';
import { noSuchTensorRule } from '../tensor-data';
import { TensorFile, openTensorFile } from '../tensor-file';
import type { TensorInfo } from '../tensor-reader';
import { readStateDict, type TorchStorage, type TorchTensor } from './state-dict';
import { gatherView, isRowMajor, spanOf } from './tensor-view';
import type { ZipEntry } from './zip-directory';
import { type LocatedEntry, ZipReader } from './zip-reader';

/** Largest data.pkl read: a state dict's pickle names its tensors, a few bytes each (BERT-base's is 30 kB). */
export const MAX_PICKLE_BYTES = 100_000_000;
const MAX_BYTEORDER_BYTES = 16;

interface StoredTensor {
  readonly info: TensorInfo;
  readonly view: TorchTensor;
  readonly entry: LocatedEntry;
  readonly rowMajor: boolean;
}

/** The one `<archive>/data.pkl` of the zip: torch.save puts every record under one folder. */
function archiveOf(zip: ZipReader, file: string): string {
  const pickles = [...zip.entries.keys()].filter((name) => /^[^/]+\/data\.pkl$/.test(name));
  if (pickles.length === 1) return pickles[0].slice(0, -'/data.pkl'.length);
  const some = [...zip.entries.keys()].slice(0, 5).map((name) => `'${name}'`).join(', ');
  const rule = pickles.length
    ? `holds ${pickles.length} archives (${pickles.join(', ')}); torch.save writes one`
    : `holds no <archive>/data.pkl, so torch.save did not write it (its entries: ${some || 'none'})`;
  throw new TorchCheckpointError('PT_NO_PICKLE', { file }, rule);
}

export class TorchCheckpointFile extends TensorFile {
  /** A torch checkpoint carries no string metadata. */
  readonly metadata = undefined;
  private readonly zip: ZipReader;
  private readonly byName = new Map<string, StoredTensor>();

  private constructor(path: string, fd: number, size: number) {
    super(path, fd);
    this.zip = ZipReader.open(fd, size, path);
    const archive = archiveOf(this.zip, path);
    this.checkByteOrder(`${archive}/byteorder`);
    const pickle = this.zip.entries.get(`${archive}/data.pkl`) as ZipEntry;
    if (pickle.size > MAX_PICKLE_BYTES) {
      throw new TorchCheckpointError('PT_PICKLE_TOO_LARGE', { file: path }, `${pickle.name} declares ${pickle.size} bytes, more than the ${MAX_PICKLE_BYTES} a state dict needs`);
    }
    const entries = new Map<TorchStorage, LocatedEntry>();
    for (const [name, view] of readStateDict(this.zip.readWhole(this.zip.locate(pickle)), path)) {
      let entry = entries.get(view.storage);
      if (!entry) entries.set(view.storage, (entry = this.storageEntry(archive, view.storage, name)));
      this.byName.set(name, this.place(name, view, entry));
    }
  }

  /** Opens `path` and reads what describes its tensors; the file stays open until {@link close}. */
  static open(path: string): TorchCheckpointFile {
    const notFound = () => new TorchCheckpointError('PT_FILE_NOT_FOUND', { file: path }, 'no such file');
    return openTensorFile(path, 'a PyTorch checkpoint', notFound, ({ fd, size }) => new TorchCheckpointFile(path, fd, size));
  }

  /** Tensor names in the state dict's order. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  info(name: string): TensorInfo {
    return this.stored(name).info;
  }

  readBytes(name: string): Uint8Array {
    const { info, view, entry, rowMajor } = this.stored(name);
    if (this.fd === undefined) throw new TorchCheckpointError('PT_CLOSED', { file: this.path, tensor: name }, 'the file was closed before this read');
    const size = DTYPES[info.dtype].size;
    const span = this.zip.readRange(entry, view.offset * size, spanOf(view) * size);
    return rowMajor ? span : gatherView(span, view, size);
  }

  private stored(name: string): StoredTensor {
    const stored = this.byName.get(name);
    if (!stored) throw new TorchCheckpointError('PT_NOT_FOUND', { file: this.path, tensor: name }, noSuchTensorRule(this.names(), 'the checkpoint'));
    return stored;
  }

  /** Only little-endian data is read; files from before the record existed are little-endian. */
  private checkByteOrder(name: string): void {
    const entry = this.zip.entries.get(name);
    if (!entry) return;
    const order = entry.size <= MAX_BYTEORDER_BYTES ? Buffer.from(this.zip.readWhole(this.zip.locate(entry))).toString('latin1') : '';
    if (order === 'little') return;
    const rule = order === 'big' ? "stores its tensors big-endian (byteorder 'big'); only little-endian checkpoints are read" : `${name} holds ${JSON.stringify(order)}, neither 'little' nor 'big'`;
    throw new TorchCheckpointError('PT_BYTE_ORDER', { file: this.path }, rule);
  }

  /** The zip entry holding a storage, checked to hold every byte the pickle declares, before anything is allocated. */
  private storageEntry(archive: string, storage: TorchStorage, tensor: string): LocatedEntry {
    const place = { file: this.path, tensor };
    const name = `${archive}/data/${storage.key}`;
    const entry = this.zip.entries.get(name);
    if (!entry) throw new TorchCheckpointError('PT_STORAGE_MISSING', place, `its storage '${storage.key}' has no entry ${name} in the zip`);
    const bytes = storage.numel * DTYPES[storage.dtype].size;
    if (bytes > entry.size) {
      const rule = `its storage '${storage.key}' declares ${storage.numel} × ${storage.type} (${bytes} bytes) but ${name} holds ${entry.size} bytes`;
      throw new TorchCheckpointError('PT_STORAGE_SIZE', place, rule);
    }
    return this.zip.locate(entry);
  }

  /** The tensor's info; its view must lie inside its storage and hold no more elements than the storage. */
  private place(name: string, view: TorchTensor, entry: LocatedEntry): StoredTensor {
    const { storage, offset, shape, stride } = view;
    const count = elementCount(shape);
    const span = spanOf(view);
    if (count > storage.numel || (count > 0 && offset + span > storage.numel)) {
      const what = `its view (offset ${offset}, size ${formatShape(shape)}, stride ${formatShape(stride)})`;
      const rule = count > storage.numel ? `${what} holds ${count} elements, more than its storage's ${storage.numel}` : `${what} reaches element ${offset + span - 1} of a storage of ${storage.numel}`;
      throw new TorchCheckpointError('PT_VIEW_OUT_OF_BOUNDS', { file: this.path, tensor: name }, rule);
    }
    const size = DTYPES[storage.dtype].size;
    // A stored entry: the bytes the view spans. A deflated one is read whole, so its compressed bytes.
    const begin = entry.method === 0 ? entry.dataStart + offset * size : entry.dataStart;
    const end = entry.method === 0 ? begin + span * size : entry.dataStart + entry.compressedSize;
    const info: TensorInfo = { name, dtype: storage.dtype, shape, byteLength: count * size, offsets: [begin, end], fileOffset: begin, file: this.path };
    return { info, view, entry, rowMajor: isRowMajor(view) };
  }
}

/** Opens a PyTorch checkpoint lazily, refusing anything but a plain state dict of tensors. */
export function openTorchCheckpoint(path: string): TorchCheckpointFile {
  return TorchCheckpointFile.open(path);
}
