import type { HostTensor } from '@otfuse/core';
import { type Dataset, firstN } from '@otfuse/data';
import type { Skipped } from '../report/figures';
import type { Landscape } from '../report/landscape-plot';
import { type Progress, tenthsCounter } from '../progress';
import { type Barrier, measureBarrier, measureLandscape } from './landscape-stage';
import type { Score } from './score';

export interface PlaneFiguresArgs {
  /** `report.landscape`. */
  settings: { grid: number; samples: number };
  anchor: ReadonlyMap<string, HostTensor>;
  /** The other parent (the barrier ends there), and its index. */
  other?: { weights: ReadonlyMap<string, HostTensor>; index: number };
  ot: ReadonlyMap<string, HostTensor>;
  vanilla?: ReadonlyMap<string, HostTensor>;
  /** Why there is no vanilla model, when there is none. */
  vanillaMissing?: string;
  modelCount: number;
  /** The OT model's one-shot score: its task decides the metric (accuracy, or loss for a masked LM). */
  otScore: Score;
  test: Dataset;
  score: (weights: ReadonlyMap<string, HostTensor>, test: Dataset) => Promise<Score>;
  progress: Progress;
}

/** The accuracy landscape and the interpolation barrier of a run, or why they were not measured. */
export async function planeFigures(args: PlaneFiguresArgs): Promise<{ landscape: Landscape | Skipped; barrier: Barrier | Skipped }> {
  const why =
    args.settings.grid === 0
      ? 'report.landscape.grid is 0'
      : args.modelCount !== 2
        ? `the plane and the barrier are drawn for two models; this run fused ${args.modelCount}`
        : args.vanilla === undefined || args.other === undefined
          ? `there is no vanilla-fused model (${args.vanillaMissing ?? 'not evaluated'})`
          : undefined;
  if (why !== undefined) return { landscape: { skipped: why }, barrier: { skipped: why } };
  const test = args.test.size > args.settings.samples ? firstN(args.test, args.settings.samples) : args.test;
  const metric = args.otScore.task === 'masked-lm' ? 'loss' : 'accuracy';
  const score = (weights: ReadonlyMap<string, HostTensor>) => args.score(weights, test);
  const done = args.progress.stage(`accuracy landscape and barrier (${(args.settings.grid + 3) ** 2} + 22 models on ${test.size} test examples)`);
  const count = tenthsCounter(args.progress, 'landscape point');
  const landscape = await measureLandscape({ anchor: args.anchor, ot: args.ot, vanilla: args.vanilla as ReadonlyMap<string, HostTensor> }, args.settings.grid, metric, test.size, score, (d, t) => count(d, t, ''));
  const other = args.other as { weights: ReadonlyMap<string, HostTensor>; index: number };
  const barrier = await measureBarrier({ anchor: args.anchor, ot: args.ot, other: other.weights, otherIndex: other.index }, metric, test.size, score);
  done();
  return { landscape, barrier };
}
