import { SeededRandom } from '@otfuse/extension';
import { BatchSchedule } from './batch-schedule';

function take(schedule: BatchSchedule, n: number): Array<{ indices: number[]; epoch: number }> {
  return Array.from({ length: n }, () => {
    const { indices, epoch } = schedule.next();
    return { indices: Array.from(indices), epoch };
  });
}

describe('BatchSchedule', () => {
  it('visits every example once per epoch, in a new order each epoch', () => {
    const batches = take(new BatchSchedule(7, 3, new SeededRandom(1), false), 6);
    expect(batches.map((b) => [b.indices.length, b.epoch])).toEqual([[3, 1], [3, 1], [1, 1], [3, 2], [3, 2], [1, 2]]);
    const epoch1 = batches.slice(0, 3).flatMap((b) => b.indices);
    const epoch2 = batches.slice(3).flatMap((b) => b.indices);
    expect([...epoch1].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([...epoch2].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(epoch2).not.toEqual(epoch1);
  });

  it('depends only on the seed, and can drop the partial batch', () => {
    expect(take(new BatchSchedule(7, 3, new SeededRandom(1), false), 5)).toEqual(take(new BatchSchedule(7, 3, new SeededRandom(1), false), 5));
    const dropped = new BatchSchedule(7, 3, new SeededRandom(1), true);
    expect(dropped.batchesPerEpoch).toBe(2);
    expect(take(dropped, 3).map((b) => [b.indices.length, b.epoch])).toEqual([[3, 1], [3, 1], [3, 2]]);
  });
});
