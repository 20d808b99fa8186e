import { ArrayDataset } from './array-dataset';
import { batchCount, batches } from './batches';
import { getAll } from './dataset';
import { firstN, select, shuffled, subset } from './views';

/** Example i has input [i, 10·i] and label i mod 3, so every read can be checked exactly. */
function numbered(size: number): ArrayDataset {
  const x = new Float32Array(size * 2);
  const y = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    x[2 * i] = i;
    x[2 * i + 1] = 10 * i;
    y[i] = i % 3;
  }
  return new ArrayDataset({ name: 'numbered', split: 'train', inputShape: [2], numClasses: 3, x, y });
}

/** Which original examples a data set shows, in order. */
function ids(dataset: ArrayDataset | ReturnType<typeof subset>): number[] {
  const { x } = getAll(dataset);
  return Array.from({ length: dataset.size }, (_, i) => x[2 * i]);
}

describe('ArrayDataset', () => {
  it('returns the rows asked for, repeats included', () => {
    const batch = numbered(5).get([4, 0, 4]);
    expect(Array.from(batch.x)).toEqual([4, 40, 0, 0, 4, 40]);
    expect(Array.from(batch.y)).toEqual([1, 0, 1]);
    expect(batch.shape).toEqual([3, 2]);
    expect(batch.count).toBe(3);
  });

  it('checks sizes, labels and indices', () => {
    const init = { name: 'bad', split: 'test' as const, inputShape: [2], numClasses: 2 };
    expect(() => new ArrayDataset({ ...init, x: new Float32Array(5), y: new Int32Array(2) })).toThrow(
      'bad: 2 labels with input shape [2] need 4 input values, got 5',
    );
    expect(() => new ArrayDataset({ ...init, x: new Float32Array(4), y: Int32Array.of(0, 2) })).toThrow(
      'bad: label 2 of example 1 is outside [0, 2)',
    );
    expect(() => numbered(3).get([1.5])).toThrow('numbered (train): index 1.5 at position 0 is outside [0, 3)');
  });
});

describe('views', () => {
  const dataset = numbered(20);

  it('takes the first n examples, or a seeded random n', () => {
    expect(ids(firstN(dataset, 4))).toEqual([0, 1, 2, 3]);
    expect(ids(subset(dataset, 4))).toEqual([0, 1, 2, 3]);
    const random = ids(subset(dataset, 8, 5));
    expect(new Set(random).size).toBe(8);
    expect(random).toEqual(ids(subset(dataset, 8, 5)));
    expect(random).not.toEqual(ids(subset(dataset, 8, 6)));
    expect(() => subset(dataset, 21)).toThrow('subset size must be an integer in [0, 20], got 21');
  });

  it('shuffles every example with a seed and composes views', () => {
    const order = ids(shuffled(dataset, 1));
    expect([...order].sort((a, b) => a - b)).toEqual(ids(dataset));
    expect(order).not.toEqual(ids(dataset));
    const nested = select(shuffled(dataset, 1), [2, 0]);
    expect(ids(nested)).toEqual([order[2], order[0]]);
    expect(nested.numClasses).toBe(3);
    expect(() => select(dataset, [20])).toThrow('index 20');
  });
});

describe('batches', () => {
  const dataset = numbered(10);

  it('visits every example once, in order without a seed', () => {
    const seen = [...batches(dataset, { batchSize: 4 })];
    expect(seen.map((b) => b.count)).toEqual([4, 4, 2]);
    expect(seen.flatMap((b) => Array.from(b.indices))).toEqual(ids(dataset));
    expect(Array.from(seen[2].x)).toEqual([8, 80, 9, 90]);
    expect(batchCount(10, 4)).toBe(3);
  });

  it('shuffles reproducibly with a seed and can drop the last partial batch', () => {
    const order = (seed: number) => [...batches(dataset, { batchSize: 3, seed, dropLast: true })].flatMap((b) => Array.from(b.indices));
    expect(order(4)).toHaveLength(9);
    expect(new Set(order(4)).size).toBe(9);
    expect(order(4)).toEqual(order(4));
    expect(order(4)).not.toEqual(order(5));
    expect(batchCount(10, 3, true)).toBe(3);
  });

  it('rejects a batch size below one', () => {
    expect(() => batches(dataset, { batchSize: 0 }).next()).toThrow('numbered: batchSize must be a positive integer, got 0');
  });
});
