import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadMnist, mnistDataDir, readMnistImages } from './mnist';

/** Bytes of the raw IDX files, read here independently of the loader. */
function rawFile(name: string): Buffer {
  return fs.readFileSync(path.join(mnistDataDir(), name));
}

describe('MNIST', () => {
  const rawTrainImages = rawFile('train-images-idx3-ubyte');
  const rawTrainLabels = rawFile('train-labels-idx1-ubyte');
  const rawTestLabels = rawFile('t10k-labels-idx1-ubyte');

  it('has 60,000 train and 10,000 test examples of 784 pixels with labels 0..9', () => {
    const train = loadMnist();
    const test = loadMnist({ split: 'test' });
    expect([train.size, test.size]).toEqual([60000, 10000]);
    expect([train.split, test.split]).toEqual(['train', 'test']);
    expect(train.inputShape).toEqual([784]);
    expect(train.numClasses).toBe(10);
  });

  it('matches the raw label files, class by class', () => {
    for (const [split, raw] of [['train', rawTrainLabels], ['test', rawTestLabels]] as const) {
      const images = readMnistImages(split);
      const expected = new Array<number>(10).fill(0);
      for (let i = 8; i < raw.length; i++) expected[raw[i]]++;
      const found = new Array<number>(10).fill(0);
      images.labels.forEach((label) => found[label]++);
      expect(found).toEqual(expected);
      expect(found.every((count) => count > 0)).toBe(true);
    }
  });

  it('returns pixel / 255 of the raw bytes, with the raw labels', () => {
    const indices = [0, 12345, 59999];
    const batch = loadMnist().get(indices);
    expect(batch.shape).toEqual([3, 784]);
    indices.forEach((index, row) => {
      const raw = rawTrainImages.subarray(16 + index * 784, 16 + (index + 1) * 784);
      const rawSum = raw.reduce((sum, p) => sum + p, 0);
      const loaded = batch.x.subarray(row * 784, (row + 1) * 784);
      expect(Math.round(loaded.reduce((sum, v) => sum + v * 255, 0))).toBe(rawSum);
      raw.forEach((p, k) => expect(loaded[k]).toBe(Math.fround(p / 255)));
      expect(batch.y[row]).toBe(rawTrainLabels[8 + index]);
    });
  });

  it('applies mean/std normalisation and the image layouts', () => {
    const plain = loadMnist({ split: 'test' }).get([7]);
    const normalised = loadMnist({ split: 'test', mean: 0.1307, std: 0.3081, layout: 'chw' }).get([7]);
    expect(normalised.shape).toEqual([1, 1, 28, 28]);
    plain.x.forEach((v, k) => expect(normalised.x[k]).toBeCloseTo((v - 0.1307) / 0.3081, 5));
    expect(loadMnist({ layout: 'hwc' }).inputShape).toEqual([28, 28, 1]);
  });

  it('parses each split once per process', () => {
    expect(readMnistImages('test')).toBe(readMnistImages('test'));
  });

  it('rejects bad options and indices', () => {
    expect(() => loadMnist({ std: 0 })).toThrow('mnist: mean must be finite and std positive');
    expect(() => loadMnist({ split: 'valid' as 'train' })).toThrow("split must be 'train' or 'test'");
    expect(() => loadMnist({ split: 'test' }).get([10000])).toThrow('mnist (test): index 10000 at position 0 is outside [0, 10000)');
  });
});
