import type { LandscapeSettings } from '../config/experiment';
import { chooseLandscapeSize, figuresBudget } from './figures-stage-budget';
import { distinctPlaneModels } from './landscape-stage';

// Defaults as a file that sets nothing under report.landscape gives them.
const unset: LandscapeSettings = { grid: 4, gridSet: false, samples: 200, samplesSet: false, timeShare: 0.25 };
// About the paper-size ViT on 2 cores: 6 ms per test example, 50 ms to assign a model.
const cost = { secondsPerModel: 0.05, secondsPerExample: 0.006 };
// A run of 55 s before the figures allows 13.75 s; measuring the cost took 1.5 s, so 12.25 s are left.
const budget = figuresBudget(unset, 55, 1.5);

describe('the time budget of the landscape and the barrier', () => {
  it('counts each model once: the plane, then the barrier without the anchor it starts from', () => {
    // (grid + 3)² points, and 2 × 11 barrier points less the anchor at t = 0 of both curves.
    expect([4, 3, 2, 1].map(distinctPlaneModels)).toEqual([49 + 20, 36 + 20, 25 + 20, 16 + 20]);
  });

  it('shrinks the grid until each model keeps 32 examples, then fills the time with samples', () => {
    expect(budget.seconds).toBe(13.75);
    const size = chooseLandscapeSize(unset, 1000, cost, budget, distinctPlaneModels);
    // 80% of 12.25 s is 9.8 s. grid 4: 9.8/69 − 0.05 = 0.0920 s per model → 15 examples; grid 3: 9.8/56 − 0.05 → 20;
    // grid 2: 9.8/45 − 0.05 → 27; grid 1: 9.8/36 − 0.05 = 0.2222 s → 37, at least 32.
    expect([size.grid, size.samples, size.source]).toEqual([1, 37, 'budget']);
    expect(size.predictedSeconds).toBeCloseTo(1.5 + 36 * (0.05 + 37 * 0.006), 9);
    expect(size.predictedSeconds).toBeLessThanOrEqual(budget.seconds);
    expect(size.reason).toBe(
      'report.landscape grid and samples not set: grid 1 with 37 samples is the largest predicted to take at most 80% of the 12.3 s left of 13.8 s ' +
        '(report.landscape.time_share 0.25 of the 55.0 s the run took before the figures; measuring took 1.5 s): about 9.8 s at 6.00 ms per example and 50 ms per model, 36 models',
    );
    // Twice as fast: grid 3 gets 9.8/56 − 0.05 = 0.125 s per model, 41 examples at 3 ms.
    expect(chooseLandscapeSize(unset, 1000, { ...cost, secondsPerExample: 0.003 }, budget, distinctPlaneModels)).toMatchObject({ grid: 3, samples: 41 });
  });

  it('keeps a grid the file sets and gives it the samples that fit', () => {
    const size = chooseLandscapeSize({ ...unset, gridSet: true }, 1000, cost, budget, distinctPlaneModels);
    expect([size.grid, size.samples]).toEqual([4, 15]);
  });

  it('keeps samples the file sets and picks the grid that fits them', () => {
    const fast = { secondsPerModel: 0.01, secondsPerExample: 0.0005 };
    // 200 examples cost 0.11 s per model: 80% of 12.25 s allows 89 models, so grid 4 (69) fits; with 0.003 s per example, 0.61 s: 16 models, under grid 1's 36.
    expect(chooseLandscapeSize({ ...unset, samplesSet: true }, 1000, fast, budget, distinctPlaneModels)).toMatchObject({ grid: 4, samples: 200 });
    const slow = chooseLandscapeSize({ ...unset, samplesSet: true }, 1000, { ...fast, secondsPerExample: 0.003 }, budget, distinctPlaneModels);
    expect([slow.grid, slow.samples]).toEqual([1, 200]);
    expect(slow.reason).toMatch(/^report\.landscape grid not set: even grid 1 with 200 samples is predicted to take about 22\.0 s .* it is the smallest figure made$/);
  });

  it('uses the defaults when they fit, never more examples than the test split has', () => {
    const quick = { secondsPerModel: 0.001, secondsPerExample: 0.00001 };
    expect(chooseLandscapeSize(unset, 1000, quick, budget, distinctPlaneModels)).toMatchObject({ grid: 4, samples: 200 });
    expect(chooseLandscapeSize(unset, 120, quick, budget, distinctPlaneModels)).toMatchObject({ grid: 4, samples: 120 });
  });

  it('makes the smallest figure with 10 examples per model when nothing fits, and says so', () => {
    const size = chooseLandscapeSize(unset, 1000, cost, figuresBudget(unset, 4, 1.9), distinctPlaneModels);
    // A 4 s run allows the 2 s minimum; 0.1 s are left after measuring: grid 1 with 10 examples needs 36 × 0.11 = 3.96 s.
    expect([size.grid, size.samples]).toEqual([1, 10]);
    expect(size.reason).toMatch(/even grid 1 with 10 samples is predicted to take about 4\.0 s .* it is the smallest figure made$/);
  });
});
