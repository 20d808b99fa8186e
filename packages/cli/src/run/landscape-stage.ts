import type { HostTensor } from '@otfuse/core';
import type { Landscape } from '../report/landscape-plot';
import { alignedModel, combine, planeAxis, planePoint } from './plane-models';
import type { Score } from './score';

/** Along anchor → model 0: as it is, and aligned to the anchor by OT. */
export interface Barrier {
  t: number[];
  unaligned: number[];
  aligned: number[];
  metric: Landscape['metric'];
  samples: number;
  /** The model the curves end at. */
  model: number;
}

type Weights = ReadonlyMap<string, HostTensor>;
type Scorer = (weights: Weights) => Promise<Score>;

const valueOf = (score: Score, metric: Landscape['metric']) => (metric === 'accuracy' ? score.accuracy : score.loss);

/** The test metric on the plane through the anchor, the OT-fused and the vanilla-fused model. */
export async function measureLandscape(
  models: { anchor: Weights; ot: Weights; vanilla: Weights },
  grid: number,
  metric: Landscape['metric'],
  samples: number,
  score: Scorer,
  onPoint: (done: number, total: number) => void,
): Promise<Landscape> {
  const axis = planeAxis(grid);
  const values: number[][] = [];
  let done = 0;
  for (const v of axis) {
    const row: number[] = [];
    for (const u of axis) {
      row.push(valueOf(await score(planePoint(u, v, models)), metric));
      onPoint(++done, axis.length * axis.length);
    }
    values.push(row);
  }
  return { u: axis, v: axis, values, metric, samples };
}

/** The interpolation barrier: θ(t) = (1 − t)·θ_anchor + t·θ₀, unaligned and aligned by OT, t = 0, 0.1, …, 1. */
export async function measureBarrier(
  models: { anchor: Weights; ot: Weights; other: Weights; otherIndex: number },
  metric: Landscape['metric'],
  samples: number,
  score: Scorer,
): Promise<Barrier> {
  const t = Array.from({ length: 11 }, (_, i) => i / 10);
  const aligned = alignedModel(models.ot, models.anchor);
  const along = async (end: Weights) => {
    const out: number[] = [];
    for (const s of t) out.push(valueOf(await score(combine([[1 - s, models.anchor], [s, end]])), metric));
    return out;
  };
  return { t, unaligned: await along(models.other), aligned: await along(aligned), metric, samples, model: models.otherIndex };
}
