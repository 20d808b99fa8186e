import { keptTokenRows, parseCausalTokenFilter } from './causal-token-filter';

// Two sequences of 6 positions; the second has two padding positions at the end.
const batch = (ids: number[]) => ({ batch: 2, length: 6, ids, mask: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0] });
const IDS = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0, 0];

describe('the causal token filter', () => {
  it('reads seq_filter and sample_seed, and names a bad value', () => {
    expect(parseCausalTokenFilter(undefined)).toEqual({ keep: 'non_padding' });
    expect(parseCausalTokenFilter({ seq_filter: 'all_positions' })).toEqual({ keep: 'all_positions' });
    expect(parseCausalTokenFilter({ seq_filter: 'sample_3', sample_seed: 4 })).toEqual({ keep: 'sample', perSequence: 3, seed: 4 });
    expect(() => parseCausalTokenFilter({ seq_filter: 'sample_0' })).toThrow("seq_filter: expected 'none', 'all_positions' or 'sample_<k>' (k ≥ 1), got \"sample_0\"");
    expect(() => parseCausalTokenFilter({ seq_filter: 'only_cls' })).toThrow('seq_filter: expected');
    expect(() => parseCausalTokenFilter({ sample_seed: 0.5 })).toThrow('sample_seed: expected an integer, got 0.5');
  });

  it('keeps the real positions, or every position', () => {
    expect([...keptTokenRows({ keep: 'non_padding' }, batch(IDS))]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...keptTokenRows({ keep: 'all_positions' }, batch(IDS))]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('samples k real positions per sequence, in order, the same whatever the batch the sequence is in', () => {
    const filter = { keep: 'sample' as const, perSequence: 3, seed: 0 };
    const rows = [...keptTokenRows(filter, batch(IDS))];
    const first = rows.filter((r) => r < 6);
    const second = rows.filter((r) => r >= 6).map((r) => r - 6);
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(3);
    expect(second.every((t) => t < 4)).toBe(true);
    expect([...first].sort((a, b) => a - b)).toEqual(first);
    // The second sequence alone, in a batch of one, keeps the same positions.
    const alone = keptTokenRows(filter, { batch: 1, length: 6, ids: IDS.slice(6), mask: [1, 1, 1, 1, 0, 0] });
    expect([...alone]).toEqual(second);
    // A sequence with fewer real positions than k keeps them all.
    expect([...keptTokenRows({ ...filter, perSequence: 5 }, { batch: 1, length: 6, ids: IDS.slice(6), mask: [1, 1, 1, 1, 0, 0] })]).toEqual([0, 1, 2, 3]);
  });

  it('draws other positions for another seed or other tokens, and spreads over the positions', () => {
    const long = { batch: 1, length: 64, ids: Array.from({ length: 64 }, (_, i) => 100 + i), mask: new Array(64).fill(1) };
    const draw = (seed: number, ids = long.ids) => [...keptTokenRows({ keep: 'sample', perSequence: 8, seed }, { ...long, ids })];
    expect(draw(0)).toEqual(draw(0));
    expect(draw(1)).not.toEqual(draw(0));
    expect(draw(0, long.ids.map((id) => id + 1))).not.toEqual(draw(0));
    // Over 200 seeds every position is drawn, each about 8/64 of the time.
    const counts = new Array(64).fill(0);
    for (let seed = 0; seed < 200; seed++) for (const t of draw(seed)) counts[t]++;
    expect(Math.min(...counts)).toBeGreaterThan(5);
    expect(Math.max(...counts)).toBeLessThan(50);
  });
});
