import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CIFAR10_MEAN, CIFAR10_STD, loadCifar10 } from './cifar10';
import { CIFAR10_CLASSES, readCifar10Batch } from './cifar10-files';
import { getAll } from './dataset';
import { DataError } from './errors';
import { DATASETS } from './factories';
import { openDataset } from './registry';

const PLANE = 1024;
const RECORD = 3073;
const TRAIN_FILES = [1, 2, 3, 4, 5].map((n) => `data_batch_${n}.bin`);
const TRAIN_RECORDS = 3;
const TEST_RECORDS = 4;
/** File numbers 0..4 are data_batch_1..5, 5 is test_batch. */
const TEST_FILE = 5;

/** Pixel byte of channel `channel` (0 R, 1 G, 2 B) at row-major position `k` of a fixture record. */
function pixel(file: number, record: number, channel: number, k: number): number {
  return (file * 41 + record * 13 + channel * 67 + k * 3) % 256;
}

function label(file: number, record: number): number {
  return (file * 3 + record) % 10;
}

/** A batch file in the binary format: per record a label byte, then the R, G and B planes. */
function batchBytes(file: number, records: number): Buffer {
  const bytes = Buffer.alloc(records * RECORD);
  for (let record = 0; record < records; record++) {
    bytes[record * RECORD] = label(file, record);
    for (let channel = 0; channel < 3; channel++) {
      for (let k = 0; k < PLANE; k++) bytes[record * RECORD + 1 + channel * PLANE + k] = pixel(file, record, channel, k);
    }
  }
  return bytes;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cifar10-spec-'));
let folders = 0;

/** A fresh folder (the reader caches per path) with the full fixture, optionally nested. */
function fixtureFolder(nested = false): { dir: string; folder: string } {
  const dir = path.join(root, `case-${folders++}`);
  const folder = nested ? path.join(dir, 'cifar-10-batches-bin') : dir;
  fs.mkdirSync(folder, { recursive: true });
  TRAIN_FILES.forEach((name, file) => fs.writeFileSync(path.join(folder, name), batchBytes(file, TRAIN_RECORDS)));
  fs.writeFileSync(path.join(folder, 'test_batch.bin'), batchBytes(TEST_FILE, TEST_RECORDS));
  return { dir, folder };
}

/** [file number, record] of every train example, in the expected order. */
const trainOrder: [number, number][] = TRAIN_FILES.flatMap((_, file) =>
  Array.from({ length: TRAIN_RECORDS }, (__, record): [number, number] => [file, record]),
);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('loadCifar10', () => {
  const { dir } = fixtureFolder();

  it('concatenates data_batch_1..5 in order for train, with [3, 32, 32] inputs by default', () => {
    const train = loadCifar10({ dir });
    expect([train.name, train.split, train.size, train.numClasses]).toEqual(['cifar10', 'train', 15, 10]);
    expect(train.inputShape).toEqual([3, 32, 32]);
    expect(train.classNames).toEqual(CIFAR10_CLASSES);
    const all = getAll(train);
    expect(all.shape).toEqual([15, 3, 32, 32]);
    expect(Array.from(all.y)).toEqual(trainOrder.map(([file, record]) => label(file, record)));
    trainOrder.forEach(([file, record], row) => {
      expect(all.x[row * 3072 + 5]).toBe(Math.fround(pixel(file, record, 0, 5) / 255));
    });
  });

  it('reads test_batch for test', () => {
    const test = loadCifar10({ dir, split: 'test' });
    expect([test.split, test.size]).toEqual(['test', TEST_RECORDS]);
    expect(Array.from(getAll(test).y)).toEqual([0, 1, 2, 3].map((record) => label(TEST_FILE, record)));
  });

  it('puts the red plane first in chw and flat, and interleaves R, G, B per pixel in hwc', () => {
    const index = 7; // record 1 of data_batch_3
    const [file, record] = trainOrder[index];
    const chw = loadCifar10({ dir }).get([index]);
    const flat = loadCifar10({ dir, layout: 'flat' }).get([index]);
    const hwc = loadCifar10({ dir, layout: 'hwc' }).get([index]);
    expect([chw.shape, flat.shape, hwc.shape]).toEqual([
      [1, 3, 32, 32],
      [1, 3072],
      [1, 32, 32, 3],
    ]);
    for (let channel = 0; channel < 3; channel++) {
      for (let k = 0; k < PLANE; k++) {
        const expected = Math.fround(pixel(file, record, channel, k) / 255);
        expect(chw.x[channel * PLANE + k]).toBe(expected);
        expect(hwc.x[k * 3 + channel]).toBe(expected);
      }
    }
    expect(flat.x).toEqual(chw.x);
  });

  it("normalises per channel with the CIFAR-10 mean and std in float32 steps ('cifar10')", () => {
    const index = 11;
    const [file, record] = trainOrder[index];
    const batch = loadCifar10({ dir, normalize: 'cifar10', layout: 'hwc' }).get([index, 0]);
    for (let channel = 0; channel < 3; channel++) {
      const mean = CIFAR10_MEAN[channel];
      const std = CIFAR10_STD[channel];
      for (let k = 0; k < PLANE; k++) {
        const p = pixel(file, record, channel, k);
        const value = batch.x[k * 3 + channel];
        expect(value).toBeCloseTo((p / 255 - mean) / std, 5);
        expect(value).toBe(Math.fround(Math.fround(Math.fround(p / 255) - Math.fround(mean)) / Math.fround(std)));
      }
    }
    expect([CIFAR10_MEAN, CIFAR10_STD]).toEqual([
      [0.4914, 0.4822, 0.4465],
      [0.247, 0.2435, 0.2616],
    ]);
  });

  it('finds the batch files in a cifar-10-batches-bin subfolder, with class names from batches.meta.txt', () => {
    const nested = fixtureFolder(true);
    const names = CIFAR10_CLASSES.map((name) => name.toUpperCase());
    fs.writeFileSync(path.join(nested.folder, 'batches.meta.txt'), `${names.join('\n')}\n\n`);
    const train = loadCifar10({ dir: nested.dir });
    expect(train.size).toBe(15);
    expect(train.classNames).toEqual(names);
    expect(Array.from(getAll(train).y)).toEqual(Array.from(getAll(loadCifar10({ dir })).y));
  });

  it('reads each batch file once per process', () => {
    const file = path.join(dir, 'data_batch_2.bin');
    expect(readCifar10Batch(file)).toBe(readCifar10Batch(file));
    expect(readCifar10Batch(file).count).toBe(TRAIN_RECORDS);
  });

  it('is made available through the registry', async () => {
        const test = await openDataset(DATASETS.get('cifar10'), { dir, split: 'test', layout: 'hwc' });
    expect([test.name, test.size]).toEqual(['cifar10', TEST_RECORDS]);
    expect(test.inputShape).toEqual([32, 32, 3]);
    expect((await openDataset(DATASETS.get('cifar10'), { dir })).inputShape).toEqual([3, 32, 32]);
    await expect(openDataset(DATASETS.get('cifar10'), {})).rejects.toThrow("data set 'cifar10': missing required parameter 'dir'");
    await expect(openDataset(DATASETS.get('cifar10'), { dir, normalize: 'imagenet' })).rejects.toThrow(
      "parameter 'normalize' must be 'none' | 'cifar10', got 'imagenet'",
    );
  });
});

describe('loadCifar10 errors', () => {
  function thrown(action: () => unknown): DataError {
    try {
      action();
    } catch (error) {
      if (error instanceof DataError) return error;
      throw error;
    }
    throw new Error('expected a DataError');
  }

  it('names a missing folder', () => {
    const missing = path.join(root, 'no-such-folder');
    const error = thrown(() => loadCifar10({ dir: missing }));
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toBe(`cifar10: folder not found: ${missing} (expected the CIFAR-10 binary version, *.bin batch files)`);
  });

  it('lists every missing batch file of the split', () => {
    const { dir } = fixtureFolder();
    fs.rmSync(path.join(dir, 'data_batch_2.bin'));
    fs.rmSync(path.join(dir, 'data_batch_4.bin'));
    const error = thrown(() => loadCifar10({ dir }));
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toBe(
      `cifar10 (train): missing batch files in ${dir} (nor in a cifar-10-batches-bin subfolder): data_batch_2.bin, data_batch_4.bin; ` +
        'the train split needs data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin',
    );
    expect(loadCifar10({ dir, split: 'test' }).size).toBe(TEST_RECORDS);
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    expect(thrown(() => loadCifar10({ dir: empty, split: 'test' })).message).toBe(
      `cifar10 (test): missing batch files in ${empty} (nor in a cifar-10-batches-bin subfolder): test_batch.bin; the test split needs test_batch.bin`,
    );
  });

  it('names a file whose size is not a whole number of records', () => {
    const { dir } = fixtureFolder();
    const file = path.join(dir, 'data_batch_3.bin');
    fs.writeFileSync(file, batchBytes(2, 2).subarray(0, 2 * RECORD - 5));
    const error = thrown(() => loadCifar10({ dir }));
    expect(error.code).toBe('FILE_FORMAT');
    expect(error.message).toBe(
      `${file}: size 6141 bytes is not a positive multiple of the 3073-byte CIFAR-10 record (1 label + 3072 pixels)`,
    );
    fs.writeFileSync(file, Buffer.alloc(0));
    expect(thrown(() => loadCifar10({ dir })).message).toContain(`${file}: size 0 bytes is not a positive multiple`);
  });

  it('names the file and record of a label above 9 when that file is first read', () => {
    const { dir } = fixtureFolder();
    const file = path.join(dir, 'data_batch_4.bin');
    const bytes = batchBytes(3, TRAIN_RECORDS);
    bytes[2 * RECORD] = 10;
    fs.writeFileSync(file, bytes);
    const train = loadCifar10({ dir });
    expect(train.get([0, 8]).count).toBe(2); // files 1 and 3 read fine
    const error = thrown(() => train.get([9]));
    expect(error.code).toBe('FILE_FORMAT');
    expect(error.message).toBe(`${file}: record 2 has label 10; expected 0..9`);
  });

  it('rejects a batches.meta.txt without ten class names', () => {
    const { dir } = fixtureFolder();
    const meta = path.join(dir, 'batches.meta.txt');
    fs.writeFileSync(meta, 'cat\ndog\n');
    expect(thrown(() => loadCifar10({ dir })).message).toBe(`${meta}: expected 10 class names, one per line, found 2`);
  });

  it('rejects bad options and indices', () => {
    const { dir } = fixtureFolder();
    expect(thrown(() => loadCifar10({ dir, split: 'valid' as 'train' })).message).toBe("cifar10: split must be one of train, test, got 'valid'");
    expect(thrown(() => loadCifar10({ dir, layout: 'whc' as 'chw' })).message).toBe("cifar10: layout must be one of chw, hwc, flat, got 'whc'");
    expect(thrown(() => loadCifar10({ dir, normalize: 'imagenet' as 'none' })).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => loadCifar10({ dir: '' })).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => loadCifar10({ dir, split: 'test' }).get([4])).message).toBe(
      'cifar10 (test): index 4 at position 0 is outside [0, 4)',
    );
  });
});
