import * as fs from 'node:fs';
import * as path from 'node:path';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_SPLIT, fashionMnistDataDir, loadFashionMnist, readFashionMnistImages } from './fashion-mnist';
import { SeededRandom, permutation } from '@otfuse/extension';

/**
 * The (label, file row) of every example of each split, derived here step by step from the
 * procedure documented on FASHION_MNIST_SPLIT, so the test pins the documentation.
 */
function documentedSources(): Record<'train' | 'test', Array<[number, number]>> {
  const random = new SeededRandom(FASHION_MNIST_SPLIT.seed);
  const train: Array<[number, number]> = [];
  const test: Array<[number, number]> = [];
  for (let label = 0; label < 10; label++) {
    permutation(7000, random).forEach((row, rank) => (rank < 6000 ? train : test).push([label, row]));
  }
  const trainOrder = permutation(60000, random);
  const testOrder = permutation(10000, random);
  return { train: [...trainOrder].map((k) => train[k]), test: [...testOrder].map((k) => test[k]) };
}

describe('Fashion-MNIST', () => {
  const train = loadFashionMnist();
  const test = loadFashionMnist({ split: 'test', layout: 'chw' });

  it('splits 70,000 images into 60,000 train and 10,000 test, 6,000 / 1,000 per class', () => {
    expect([train.size, test.size]).toEqual([60000, 10000]);
    expect(train.numClasses).toBe(FASHION_MNIST_CLASSES.length);
    expect(test.inputShape).toEqual([1, 28, 28]);
    for (const [split, perClass] of [['train', 6000], ['test', 1000]] as const) {
      const counts = new Array<number>(10).fill(0);
      readFashionMnistImages(split).labels.forEach((label) => counts[label]++);
      expect(counts).toEqual(new Array<number>(10).fill(perClass));
    }
  });

  it('places every image of a class where the documented split says, with its raw pixels', () => {
    const label = 3;
    const file = path.join(fashionMnistDataDir(), `${label}.json`);
    const rawRows = (JSON.parse(fs.readFileSync(file, 'utf8')) as { data: number[][] }).data.filter((row) => row.length > 0);
    expect(rawRows).toHaveLength(7000);
    const sources = documentedSources();
    let checked = 0;
    for (const [split, dataset] of [['train', train], ['test', test]] as const) {
      const positions = sources[split].flatMap(([l], position) => (l === label ? [position] : []));
      const batch = dataset.get(positions);
      // Collected first and compared once: 7,000 images × 784 pixels.
      const mismatches: string[] = [];
      positions.forEach((position, row) => {
        const raw = rawRows[sources[split][position][1]];
        const loaded = batch.x.subarray(row * 784, (row + 1) * 784);
        const pixelSum = Math.round(loaded.reduce((sum, v) => sum + v * 255, 0));
        const rawSum = raw.reduce((sum, p) => sum + p, 0);
        const firstDiff = raw.findIndex((p, k) => loaded[k] !== Math.fround(p / 255));
        if (pixelSum !== rawSum || firstDiff >= 0 || batch.y[row] !== label) {
          mismatches.push(`${split}[${position}]: sum ${pixelSum} vs ${rawSum}, first differing pixel ${firstDiff}`);
        }
      });
      expect(mismatches).toEqual([]);
      checked += positions.length;
    }
    expect(checked).toBe(7000);
  });

  it('gives every split position the label the documented split assigns', () => {
    const sources = documentedSources();
    for (const split of ['train', 'test'] as const) {
      const labels = readFashionMnistImages(split).labels;
      expect(Array.from(labels)).toEqual(sources[split].map(([label]) => label));
    }
  });
});
