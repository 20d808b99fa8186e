import { type Batch, type Dataset, type PixelNormalization, type Split, checkIndices } from './dataset';
import { DataError } from './errors';
import {
  CIFAR10_CLASSES,
  CIFAR10_IMAGE_SIZE,
  CIFAR10_PIXEL_BYTES,
  CIFAR10_RECORD_BYTES,
  type Cifar10Batch,
  cifar10SplitFiles,
  countCifar10Records,
  readCifar10Batch,
  readCifar10ClassNames,
  resolveCifar10Folder,
} from './cifar10-files';
import type { ImageLayout } from './image-dataset';

/** `none`: pixel / 255; `cifar10`: then per channel `(v - CIFAR10_MEAN[c]) / CIFAR10_STD[c]`. */
export type Cifar10Normalization = 'none' | 'cifar10';

/** Options of {@link loadCifar10}. */
export interface Cifar10Options {
  /** Folder with the binary batch files, directly or in a `cifar-10-batches-bin` subfolder. */
  dir: string;
  /** `train` (data_batch_1..5, default) or `test` (test_batch). */
  split?: Split;
  /** `chw` → `[3, 32, 32]` (default), `hwc` → `[32, 32, 3]`, `flat` → `[3072]` in chw order. */
  layout?: ImageLayout;
  /** Default `none`. */
  normalize?: Cifar10Normalization;
}

/** Per-channel (R, G, B) mean of the CIFAR-10 train images, for `normalize: 'cifar10'`. */
export const CIFAR10_MEAN: readonly number[] = [0.4914, 0.4822, 0.4465];
/** Per-channel (R, G, B) standard deviation, for `normalize: 'cifar10'`. */
export const CIFAR10_STD: readonly number[] = [0.247, 0.2435, 0.2616];

const CHANNELS = 3;
const PLANE = CIFAR10_IMAGE_SIZE * CIFAR10_IMAGE_SIZE;
const LAYOUTS: readonly ImageLayout[] = ['chw', 'hwc', 'flat'];
const NORMALIZATIONS: readonly Cifar10Normalization[] = ['none', 'cifar10'];

function shapeFor(layout: ImageLayout): number[] {
  switch (layout) {
    case 'chw':
      return [CHANNELS, CIFAR10_IMAGE_SIZE, CIFAR10_IMAGE_SIZE];
    case 'hwc':
      return [CIFAR10_IMAGE_SIZE, CIFAR10_IMAGE_SIZE, CHANNELS];
    case 'flat':
      return [CIFAR10_PIXEL_BYTES];
  }
}

/**
 * Input value of every byte in every channel, `table[c * 256 + p]`. Each step is rounded to
 * float32, as a float32 tensor pipeline (`p / 255`, then `(v - mean) / std`) computes it.
 */
function pixelTable(normalize: Cifar10Normalization): Float32Array {
  const table = new Float32Array(CHANNELS * 256);
  for (let channel = 0; channel < CHANNELS; channel++) {
    const mean = normalize === 'cifar10' ? Math.fround(CIFAR10_MEAN[channel]) : 0;
    const std = normalize === 'cifar10' ? Math.fround(CIFAR10_STD[channel]) : 1;
    for (let p = 0; p < 256; p++) {
      table[channel * 256 + p] = Math.fround(Math.fround(p / 255) - mean) / std;
    }
  }
  return table;
}

/** One batch file of a split: where its examples start; its records once read. */
interface Part {
  readonly file: string;
  readonly start: number;
  readonly count: number;
  batch?: Cifar10Batch;
}

/**
 * CIFAR-10 images of one split, the split's batch files concatenated in order. File sizes are
 * checked when the data set is made; a file's records are read (and their labels checked) the
 * first time an example of it is requested, then kept for the process.
 */
export class Cifar10Dataset implements Dataset {
  readonly name = 'cifar10';
  readonly numClasses = CIFAR10_CLASSES.length;
  readonly inputShape: readonly number[];
  readonly size: number;
  readonly pixels: PixelNormalization;
  private readonly parts: Part[];
  private readonly table: Float32Array;
  private readonly channelLast: boolean;

  constructor(
    readonly split: Split,
    files: readonly string[],
    /** Class names in label order, from `batches.meta.txt` when present. */
    readonly classNames: readonly string[],
    layout: ImageLayout,
    normalize: Cifar10Normalization,
  ) {
    let start = 0;
    this.parts = files.map((file) => {
      const part: Part = { file, start, count: countCifar10Records(file) };
      start += part.count;
      return part;
    });
    this.size = start;
    this.inputShape = shapeFor(layout);
    this.channelLast = layout === 'hwc';
    this.table = pixelTable(normalize);
    this.pixels = normalize === 'cifar10' ? { mean: CIFAR10_MEAN, std: CIFAR10_STD } : { mean: [0, 0, 0], std: [1, 1, 1] };
  }

  private partOf(index: number): Part {
    let part = this.parts[0];
    for (const candidate of this.parts) if (candidate.start <= index) part = candidate;
    return part;
  }

  private records(part: Part): Cifar10Batch {
    if (part.batch) return part.batch;
    const batch = readCifar10Batch(part.file);
    if (batch.count !== part.count) {
      throw new DataError('FILE_FORMAT', `${part.file}: holds ${batch.count} records, but held ${part.count} when the data set was made`);
    }
    part.batch = batch;
    return batch;
  }

  get(indices: ArrayLike<number>): Batch {
    checkIndices(this, indices);
    const count = indices.length;
    const x = new Float32Array(count * CIFAR10_PIXEL_BYTES);
    const y = new Int32Array(count);
    const table = this.table;
    for (let row = 0; row < count; row++) {
      const part = this.partOf(indices[row]);
      const { records } = this.records(part);
      const labelAt = (indices[row] - part.start) * CIFAR10_RECORD_BYTES;
      y[row] = records[labelAt];
      const target = row * CIFAR10_PIXEL_BYTES;
      for (let channel = 0; channel < CHANNELS; channel++) {
        const source = labelAt + 1 + channel * PLANE;
        const offset = channel * 256;
        if (this.channelLast) {
          for (let k = 0; k < PLANE; k++) x[target + k * CHANNELS + channel] = table[offset + records[source + k]];
        } else {
          const planeTarget = target + channel * PLANE;
          for (let k = 0; k < PLANE; k++) x[planeTarget + k] = table[offset + records[source + k]];
        }
      }
    }
    return { x, y, shape: [count, ...this.inputShape], count };
  }
}

function checkChoice<T extends string>(option: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw new DataError('INVALID_ARGUMENT', `cifar10: ${option} must be one of ${allowed.join(', ')}, got '${String(value)}'`);
  }
}

/** CIFAR-10 (10 classes, 32×32 RGB) from the binary version's batch files in a local folder. */
export function loadCifar10(options: Cifar10Options): Cifar10Dataset {
  const { dir, split = 'train', layout = 'chw', normalize = 'none' } = options;
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new DataError('INVALID_ARGUMENT', 'cifar10: dir must name the folder holding the CIFAR-10 binary batch files');
  }
  checkChoice('split', split, ['train', 'test']);
  checkChoice('layout', layout, LAYOUTS);
  checkChoice('normalize', normalize, NORMALIZATIONS);
  const folder = resolveCifar10Folder(dir);
  const files = cifar10SplitFiles(folder, split);
  return new Cifar10Dataset(split, files, readCifar10ClassNames(folder), layout, normalize);
}
