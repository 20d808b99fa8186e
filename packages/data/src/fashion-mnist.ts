import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Dataset, Split } from './dataset';
import { DataError } from './errors';
import { type GrayscaleImages, GrayscaleImageDataset, type ImageOptions } from './image-dataset';
import { SeededRandom, permutation } from '@otfuse/extension';

/** Options of {@link loadFashionMnist}. */
export interface FashionMnistOptions extends ImageOptions {
  /** `train` (60,000 examples, default) or `test` (10,000), as re-split by {@link FASHION_MNIST_SPLIT}. */
  split?: Split;
}

/** Class names in label order. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/**
 * The deterministic train/test split. The `fashion-mnist` package stores 7,000 images per class
 * (`src/clothes/<label>.json`, field `data`, one 784-value row per image) without the original
 * split, so it is rebuilt with the original proportions (6,000 train + 1,000 test per class):
 *
 * 1. For each label 0..9, rows of `<label>.json` in file order, skipping empty rows (label 0
 *    has two, at positions 1000 and 7001), leaving exactly 7,000 rows per label.
 * 2. One `SeededRandom(seed)` stream serves all draws below, in this order.
 * 3. For each label 0..9 in turn: `p = permutation(7000)`; rows `p[0..5999]` go to train (in
 *    that order), rows `p[6000..6999]` to test. Train and test are the per-label lists
 *    concatenated by label.
 * 4. Train is reordered by `permutation(60000)`, then test by `permutation(10000)`, so that
 *    example `k` of a split is `list[q[k]]` and any first-n subset mixes the classes.
 */
export const FASHION_MNIST_SPLIT = {
  seed: 2017,
  perClass: 7000,
  trainPerClass: 6000,
  imageSize: 28,
} as const;

interface FashionSplits {
  readonly train: GrayscaleImages;
  readonly test: GrayscaleImages;
}

/** Both splits, parsed once per process (about 150 MB of JSON, 55 MB once packed). */
let cached: FashionSplits | undefined;

/** The folder of per-class JSON files inside the `fashion-mnist` package. */
export function fashionMnistDataDir(): string {
  return path.join(path.dirname(require.resolve('fashion-mnist/package.json')), 'src', 'clothes');
}

/**
 * The images of one class file packed as bytes, `count × 784`, skipping empty rows. Packing per
 * file keeps only one file's parsed JSON alive at a time.
 */
export function readFashionClassFile(file: string): { pixels: Uint8Array; count: number } {
  const pixelsPerImage = FASHION_MNIST_SPLIT.imageSize ** 2;
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const data = (parsed as { data?: unknown }).data;
  if (!Array.isArray(data)) {
    throw new DataError('FILE_FORMAT', `${file}: expected an object with a 'data' array of image rows`);
  }
  const rows = data.filter((row: unknown) => !Array.isArray(row) || row.length !== 0);
  const pixels = new Uint8Array(rows.length * pixelsPerImage);
  rows.forEach((row: unknown, index) => {
    if (!Array.isArray(row) || row.length !== pixelsPerImage) {
      const found = Array.isArray(row) ? `${row.length} values` : typeof row;
      throw new DataError('FILE_FORMAT', `${file}: image ${index} must hold ${pixelsPerImage} pixels, found ${found}`);
    }
    for (let k = 0; k < pixelsPerImage; k++) {
      const value: unknown = row[k];
      // `(v & 255) === v` holds exactly for the integers 0..255, and stays fast where
      // Number.isInteger is not inlined (vm contexts such as jest's).
      if (typeof value !== 'number' || (value & 255) !== value) {
        throw new DataError('FILE_FORMAT', `${file}: pixel ${k} of image ${index} is ${String(value)}; expected an integer in [0, 255]`);
      }
      pixels[index * pixelsPerImage + k] = value;
    }
  });
  return { pixels, count: rows.length };
}

/** Where an example of a split comes from: its label and its row in that label's file. */
interface Source {
  readonly label: number;
  readonly row: number;
}

function gather(classPixels: Uint8Array[], sources: Source[], order: Int32Array): GrayscaleImages {
  const { imageSize } = FASHION_MNIST_SPLIT;
  const pixelsPerImage = imageSize * imageSize;
  const pixels = new Uint8Array(order.length * pixelsPerImage);
  const labels = new Uint8Array(order.length);
  order.forEach((from, to) => {
    const { label, row } = sources[from];
    pixels.set(classPixels[label].subarray(row * pixelsPerImage, (row + 1) * pixelsPerImage), to * pixelsPerImage);
    labels[to] = label;
  });
  return { pixels, labels, count: order.length, height: imageSize, width: imageSize };
}

/** Reads the class files and applies the split documented on {@link FASHION_MNIST_SPLIT}. */
function buildSplits(dir: string): FashionSplits {
  const { seed, perClass, trainPerClass } = FASHION_MNIST_SPLIT;
  const random = new SeededRandom(seed);
  const classPixels: Uint8Array[] = [];
  const train: Source[] = [];
  const test: Source[] = [];
  FASHION_MNIST_CLASSES.forEach((_, label) => {
    const file = path.join(dir, `${label}.json`);
    const { pixels, count } = readFashionClassFile(file);
    if (count !== perClass) {
      throw new DataError('FILE_FORMAT', `${file}: expected ${perClass} images of label ${label}, found ${count}`);
    }
    classPixels.push(pixels);
    permutation(perClass, random).forEach((row, rank) => {
      (rank < trainPerClass ? train : test).push({ label, row });
    });
  });
  const trainOrder = permutation(train.length, random);
  const testOrder = permutation(test.length, random);
  return { train: gather(classPixels, train, trainOrder), test: gather(classPixels, test, testOrder) };
}

/** Reads (or returns the cached) images and labels of one Fashion-MNIST split. */
export function readFashionMnistImages(split: Split): GrayscaleImages {
  cached ??= buildSplits(fashionMnistDataDir());
  return cached[split];
}

/** Fashion-MNIST (Zalando), 10 clothing classes, with the split of {@link FASHION_MNIST_SPLIT}. */
export function loadFashionMnist(options: FashionMnistOptions = {}): Dataset {
  const { split = 'train' } = options;
  if (split !== 'train' && split !== 'test') {
    throw new DataError('INVALID_ARGUMENT', `fashion-mnist: split must be 'train' or 'test', got '${String(split)}'`);
  }
  return new GrayscaleImageDataset('fashion-mnist', split, FASHION_MNIST_CLASSES.length, readFashionMnistImages(split), options);
}
