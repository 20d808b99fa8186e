import type { Barrier, Landscape } from '../report/landscape';
import { BARRIER_STEPS, barrierTerms, planeAxis, planeTerms } from './plane-models';
import { type PlaneTerms, termsKey } from './score-plane';
import type { Score } from '../report/scores';

/** Scores the model Σ cₖ·θₖ of the named models. */
type TermsScorer = (terms: PlaneTerms) => Promise<Score>;

const valueOf = (score: Score, metric: Landscape['metric']) => (metric === 'accuracy' ? score.accuracy : score.loss);

/** Every model the landscape of `grid` and the barrier evaluate, each once (the anchor, for one, is on both). */
export function distinctPlaneModels(grid: number): number {
  const axis = planeAxis(grid);
  const keys = new Set([
    ...axis.flatMap((v) => axis.map((u) => termsKey(planeTerms(u, v)))),
    ...BARRIER_STEPS.flatMap((t) => [termsKey(barrierTerms(t, 'other')), termsKey(barrierTerms(t, 'aligned'))]),
  ]);
  return keys.size;
}

/** The test metric on the plane through the anchor and the first two methods' fused models. */
export async function measureLandscape(
  grid: number,
  metric: Landscape['metric'],
  samples: number,
  score: TermsScorer,
  onPoint: (done: number, total: number) => void,
): Promise<Landscape> {
  const axis = planeAxis(grid);
  const values: number[][] = [];
  let done = 0;
  for (const v of axis) {
    const row: number[] = [];
    for (const u of axis) {
      row.push(valueOf(await score(planeTerms(u, v)), metric));
      onPoint(++done, axis.length * axis.length);
    }
    values.push(row);
  }
  return { u: axis, v: axis, values, metric, samples };
}

/** The interpolation barrier: θ(t) = (1 − t)·θ_anchor + t·θ₀, unaligned and aligned by the first method (`score` must hold 'other' and 'aligned'). */
export async function measureBarrier(otherIndex: number, metric: Landscape['metric'], samples: number, score: TermsScorer): Promise<Barrier> {
  const along = async (end: 'other' | 'aligned') => {
    const out: number[] = [];
    for (const t of BARRIER_STEPS) out.push(valueOf(await score(barrierTerms(t, end)), metric));
    return out;
  };
  return { t: [...BARRIER_STEPS], unaligned: await along('other'), aligned: await along('aligned'), metric, samples, model: otherIndex };
}
