import type { AlignmentMethod, ArchitecturePlugin, HostTensor } from '@otfuse/core';
import { type Dataset, firstN } from '@otfuse/data';
import type { ForwardEngine, Task } from '@otfuse/train';
import type { Skipped } from '../report/figures';
import type { Barrier, Landscape } from '../report/landscape';
import { type Progress, tenthsCounter } from '../progress';
import type { LandscapeSettings } from '../config/experiment';
import { type LandscapeSizing, type PlaneCost, chooseLandscapeSize, figuresBudget } from './figures-stage-budget';
import { distinctPlaneModels, measureBarrier, measureLandscape } from './landscape-stage';
import { ALIGNED_TERMS, planeTerms } from './plane-models';
import { type ParameterSource, PlaneScorer, type PlaneTerms, termsKey } from './score-plane';
import type { Score } from '../report/scores';

type Weights = ReadonlyMap<string, HostTensor>;

export interface PlaneFiguresArgs {
  /** `report.landscape`. */
  settings: LandscapeSettings;
  model: { architecture: ArchitecturePlugin; config: unknown; task: Task };
  /** Examples per forward pass. */
  batchSize: number;
  /** The anchor's parameters, in memory or read from its checkpoint as each point asks for them. */
  anchor: ParameterSource;
  /** The other parent (the barrier ends there), read likewise, and its index. */
  other?: { weights: ParameterSource; index: number };
  /** The first two evaluated methods' models, with their scores: the plane's u and v corners; the barrier shows the first one's alignment. */
  corners: { method: AlignmentMethod; weights: Weights; score: Score | null }[];
  /** Why there are fewer than two corners, when there are. */
  cornersMissing?: string;
  modelCount: number;
  /** The results table's scores of the parents (on the whole test split): reused where a point is one of them and the figures use every test example. */
  scored: { anchor?: Score | null; other?: Score | null };
  test: Dataset;
  /** Seconds the run took before the figures: their time budget is a share of it. */
  runSeconds: number;
  onForward: (engine: ForwardEngine) => void;
  progress: Progress;
}

/** The accuracy landscape and the interpolation barrier of a run, or why they were not measured. */
export async function planeFigures(args: PlaneFiguresArgs): Promise<{ landscape: Landscape | Skipped; barrier: Barrier | Skipped }> {
  const why =
    args.settings.grid === 0
      ? 'report.landscape.grid is 0'
      : args.modelCount !== 2
        ? `the plane and the barrier are drawn for two models; this run fused ${args.modelCount}`
        : args.corners.length < 2 || args.other === undefined
          ? `the plane needs two fused models (${args.cornersMissing ?? 'not evaluated'})`
          : undefined;
  if (why !== undefined) return { landscape: { skipped: why }, barrier: { skipped: why } };
  const other = args.other as NonNullable<PlaneFiguresArgs['other']>;
  const [u, v] = args.corners;
  const corner = (c: PlaneFiguresArgs['corners'][number]) => ({ method: c.method.id, label: c.method.label });
  const started = performance.now();
  const done = args.progress.stage('accuracy landscape and barrier');
  // Every point is scored through one set of variables and one compiled forward pass; a fused model, in memory, gives their names and shapes.
  const scorer = PlaneScorer.open({ ...args.model, shape: u.weights }, args.test, args.batchSize);
  try {
    args.onForward(scorer.engine);
    scorer.hold('anchor', args.anchor);
    scorer.hold('u', u.weights);
    scorer.hold('v', v.weights);
    const sizing = await planeSizing(args, scorer, started);
    args.progress.line(`    grid ${sizing.grid}, ${sizing.samples} test examples per model: ${sizing.reason}`);
    const test = args.test.size > sizing.samples ? firstN(args.test, sizing.samples) : args.test;
    const known = { ...args.scored, u: u.score, v: v.score };
    const score = memoized((terms) => scorer.score(terms, test), test.size === args.test.size ? known : {});
    // The task decides the metric: accuracy, or loss for a masked LM.
    const metric = args.model.task.id === 'masked-lm' ? 'loss' : 'accuracy';
    const count = tenthsCounter(args.progress, 'landscape point');
    const landscape = await measureLandscape(sizing.grid, metric, test.size, score, (d, t) => count(d, t, ''));
    // The aligned model is computed parameter by parameter from u and the anchor as points ask for it.
    scorer.release('v');
    scorer.holdCombination('aligned', ALIGNED_TERMS);
    scorer.hold('other', other.weights);
    const barrier = await measureBarrier(other.index, metric, test.size, score);
    done();
    return { landscape: { corners: { u: corner(u), v: corner(v) }, ...landscape, sizing }, barrier: { alignedBy: corner(u), ...barrier } };
  } finally {
    scorer.dispose();
  }
}

/** The file's grid and samples when it sets both; otherwise what the time budget allows, from the cost measured here. */
async function planeSizing(args: PlaneFiguresArgs, scorer: PlaneScorer, started: number): Promise<LandscapeSizing> {
  const { settings } = args;
  if (settings.gridSet && settings.samplesSet) {
    const samples = Math.min(settings.samples, args.test.size);
    return { grid: settings.grid, samples, source: 'set', reason: 'report.landscape.grid and samples are set' };
  }
  const cost = await measurePlaneCost(scorer, args.test, args.batchSize);
  const budget = figuresBudget(settings, args.runSeconds, (performance.now() - started) / 1000);
  return chooseLandscapeSize(settings, args.test.size, cost, budget, distinctPlaneModels);
}

/**
 * What a point costs on this machine now: assigning a model of three terms, and a full batch's
 * forward pass per example (timed the second time, once its batch size is compiled).
 */
async function measurePlaneCost(scorer: PlaneScorer, test: Dataset, batchSize: number): Promise<PlaneCost> {
  const batch = firstN(test, Math.min(batchSize, test.size));
  let start = performance.now();
  scorer.assign(planeTerms(0.25, 0.25));
  const secondsPerModel = (performance.now() - start) / 1000;
  await scorer.evaluate(batch);
  start = performance.now();
  await scorer.evaluate(batch);
  return { secondsPerModel, secondsPerExample: (performance.now() - start) / 1000 / batch.size };
}

/**
 * Scores each distinct model once (the anchor is a corner of the plane and the start of both
 * barrier curves), starting from the scores already known for the models themselves.
 */
function memoized(score: (terms: PlaneTerms) => Promise<Score>, known: Record<string, Score | null | undefined>): (terms: PlaneTerms) => Promise<Score> {
  const scores = new Map<string, Score>();
  for (const [name, value] of Object.entries(known)) if (value) scores.set(termsKey([[1, name]]), value);
  return async (terms) => {
    const key = termsKey(terms);
    const cached = scores.get(key);
    if (cached) return cached;
    const value = await score(terms);
    scores.set(key, value);
    return value;
  };
}
