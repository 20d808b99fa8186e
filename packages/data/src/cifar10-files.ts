import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Split } from './dataset';
import { openInputFile, readInputFile, readInputText } from '@otfuse/io';
import { DataError } from './errors';

/** Side of a CIFAR-10 image in pixels. */
export const CIFAR10_IMAGE_SIZE = 32;
/** Pixel bytes of one record: the 1024 red, then 1024 green, then 1024 blue values, each plane row-major. */
export const CIFAR10_PIXEL_BYTES = 3 * CIFAR10_IMAGE_SIZE * CIFAR10_IMAGE_SIZE;
/** One record of the binary version: 1 label byte, then the pixel bytes. */
export const CIFAR10_RECORD_BYTES = 1 + CIFAR10_PIXEL_BYTES;
/** Class names in label order, used when the folder has no `batches.meta.txt`. */
export const CIFAR10_CLASSES: readonly string[] = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

/** Folder the official archive extracts to; accepted inside the given folder. */
export const CIFAR10_NESTED_FOLDER = 'cifar-10-batches-bin';
const META_FILE = 'batches.meta.txt';
const SPLIT_FILES: Record<Split, readonly string[]> = {
  train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  test: ['test_batch.bin'],
};

/** The records of one batch file, as stored: `count × 3073` bytes. */
export interface Cifar10Batch {
  readonly file: string;
  readonly count: number;
  readonly records: Uint8Array;
}

/** Parsed batch files, by absolute path: each file is read at most once per process. */
const cache = new Map<string, Cifar10Batch>();

/** File names of a split, in the order their records are concatenated. */
export function cifar10BatchFiles(split: Split): readonly string[] {
  return SPLIT_FILES[split];
}

function isDirectory(candidate: string): boolean {
  return fs.statSync(candidate, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function holdsBatchFile(folder: string): boolean {
  return [...SPLIT_FILES.train, ...SPLIT_FILES.test].some((name) => fs.existsSync(path.join(folder, name)));
}

/**
 * The folder holding the batch files: `dir` itself when it holds any of them, else its
 * `cifar-10-batches-bin` subfolder when that exists, else `dir` (whose missing files are then reported).
 */
export function resolveCifar10Folder(dir: string): string {
  if (!isDirectory(dir)) {
    throw new DataError('FILE_NOT_FOUND', `cifar10: folder not found: ${dir} (expected the CIFAR-10 binary version, *.bin batch files)`);
  }
  const nested = path.join(dir, CIFAR10_NESTED_FOLDER);
  return !holdsBatchFile(dir) && isDirectory(nested) ? nested : dir;
}

function formatError(file: string, size: number): DataError {
  return new DataError(
    'FILE_FORMAT',
    `${file}: size ${size} bytes is not a positive multiple of the ${CIFAR10_RECORD_BYTES}-byte CIFAR-10 record (1 label + ${CIFAR10_PIXEL_BYTES} pixels)`,
  );
}

/** Number of records in `file`, from its size alone (nothing is read). */
export function countCifar10Records(file: string): number {
  const cached = cache.get(path.resolve(file));
  if (cached) return cached.count;
  const { fd, size } = openInputFile(file, 'a CIFAR-10 batch file');
  fs.closeSync(fd);
  if (size === 0 || size % CIFAR10_RECORD_BYTES !== 0) throw formatError(file, size);
  return size / CIFAR10_RECORD_BYTES;
}

/**
 * The split's batch files in `folder`, in concatenation order, after checking that all
 * exist; the error lists every missing one.
 */
export function cifar10SplitFiles(folder: string, split: Split): string[] {
  const names = SPLIT_FILES[split];
  const missing = names.filter((name) => !fs.existsSync(path.join(folder, name)));
  if (missing.length > 0) {
    const nestedNote = path.basename(folder) === CIFAR10_NESTED_FOLDER ? '' : ` (nor in a ${CIFAR10_NESTED_FOLDER} subfolder)`;
    throw new DataError(
      'FILE_NOT_FOUND',
      `cifar10 (${split}): missing batch files in ${folder}${nestedNote}: ${missing.join(', ')}; ` +
        `the ${split} split needs ${names.join(', ')}`,
    );
  }
  return names.map((name) => path.join(folder, name));
}

/** Reads (or returns the cached) records of one batch file, checking size and labels. */
export function readCifar10Batch(file: string): Cifar10Batch {
  const key = path.resolve(file);
  const cached = cache.get(key);
  if (cached) return cached;
  if (!fs.existsSync(file)) throw new DataError('FILE_NOT_FOUND', `CIFAR-10 batch file not found: ${file}`);
  const bytes = readInputFile(file, 'a CIFAR-10 batch file');
  if (bytes.length === 0 || bytes.length % CIFAR10_RECORD_BYTES !== 0) throw formatError(file, bytes.length);
  const records = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = records.length / CIFAR10_RECORD_BYTES;
  for (let record = 0; record < count; record++) {
    const label = records[record * CIFAR10_RECORD_BYTES];
    if (label >= CIFAR10_CLASSES.length) {
      throw new DataError('FILE_FORMAT', `${file}: record ${record} has label ${label}; expected 0..${CIFAR10_CLASSES.length - 1}`);
    }
  }
  const batch: Cifar10Batch = { file, count, records };
  cache.set(key, batch);
  return batch;
}

/**
 * Class names from `batches.meta.txt` in `folder` (one per line, blank lines ignored), or
 * {@link CIFAR10_CLASSES} when the file is absent.
 */
export function readCifar10ClassNames(folder: string): readonly string[] {
  const file = path.join(folder, META_FILE);
  if (!fs.existsSync(file)) return CIFAR10_CLASSES;
  const names = readInputText(file, 'a text file of class names, one per line')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (names.length !== CIFAR10_CLASSES.length) {
    throw new DataError('FILE_FORMAT', `${file}: expected ${CIFAR10_CLASSES.length} class names, one per line, found ${names.length}`);
  }
  return names;
}
