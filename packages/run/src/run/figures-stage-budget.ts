import type { LandscapeSettings } from '../config/experiment';
import type { Landscape } from '../report/landscape';

/** What one more model and one more test example cost, measured on this run's plane. */
export interface PlaneCost {
  /** Seconds per model besides its examples: combining its weights, the per-batch bookkeeping. */
  secondsPerModel: number;
  /** Seconds of forward pass per test example. */
  secondsPerExample: number;
}

/** The grid and samples the figures use, and why (reported in `report.json`'s `figures.landscape.sizing`). */
export type LandscapeSizing = Required<Landscape>['sizing'];

/** Below this many examples per model an accuracy moves in steps of more than 3%: the grid shrinks before the samples go below. */
export const MIN_BUDGET_SAMPLES = 32;
/** Fewer examples than this say nothing: the figures are made with these even over the budget. */
export const MIN_SAMPLES = 10;
/**
 * The share of the time left that the chosen size is predicted to take: the cost is measured on
 * one batch, and on a shared machine the next minute may run a third slower than that one.
 */
export const PLANNED_SHARE = 0.8;
/** A short run still gets figures worth reading: the budget is never below this. */
export const MIN_BUDGET_SECONDS = 2;

/** The time the figures may take: a share of the run's time before them, less what measuring their cost took. */
export interface FiguresBudget {
  /** Seconds the run took before the figures. */
  runSeconds: number;
  /** Seconds the figures may take in all: `timeShare × runSeconds`, at least MIN_BUDGET_SECONDS. */
  seconds: number;
  /** Seconds already spent on them: compiling the forward pass and measuring its cost. */
  spent: number;
}

/** The budget of figures that start after a run of `runSeconds`. */
export function figuresBudget(settings: Pick<LandscapeSettings, 'timeShare'>, runSeconds: number, spent = 0): FiguresBudget {
  return { runSeconds, seconds: Math.max(settings.timeShare * runSeconds, MIN_BUDGET_SECONDS), spent };
}

/**
 * The largest grid and samples predicted to take at most PLANNED_SHARE of the budget left at
 * `cost`, for what the file does not set:
 * the grid stays as large as possible while each model still gets MIN_BUDGET_SAMPLES examples
 * (or all the test set has), then the samples fill what is left. When the smallest grid
 * allowed cannot give each model MIN_SAMPLES examples in time, it is made with that many
 * anyway, and the reason says so.
 */
export function chooseLandscapeSize(settings: LandscapeSettings, testSize: number, cost: PlaneCost, budget: FiguresBudget, models: (grid: number) => number): LandscapeSizing {
  const left = budget.seconds - budget.spent;
  const planned = PLANNED_SHARE * left;
  const maxSamples = Math.min(settings.samples, testSize);
  const predict = (grid: number, samples: number) => models(grid) * (cost.secondsPerModel + samples * cost.secondsPerExample);
  const samplesFitting = (grid: number) => {
    if (settings.samplesSet) return maxSamples;
    const perModel = planned / models(grid) - cost.secondsPerModel;
    return Math.min(maxSamples, Math.floor(perModel / cost.secondsPerExample));
  };
  const floor = Math.min(MIN_BUDGET_SAMPLES, maxSamples);
  const fits = (grid: number) => samplesFitting(grid) >= floor && predict(grid, samplesFitting(grid)) <= planned;
  const grids = settings.gridSet ? [settings.grid] : Array.from({ length: settings.grid }, (_, i) => settings.grid - i);
  const grid = grids.find(fits) ?? grids[grids.length - 1];
  const samples = Math.max(samplesFitting(grid), Math.min(MIN_SAMPLES, maxSamples));
  const predicted = predict(grid, samples);
  const unset = [settings.gridSet ? '' : 'grid', settings.samplesSet ? '' : 'samples'].filter(Boolean).join(' and ');
  const allowed =
    `${left.toFixed(1)} s left of ${budget.seconds.toFixed(1)} s (report.landscape.time_share ${settings.timeShare} of the ${budget.runSeconds.toFixed(1)} s ` +
    `the run took before the figures; measuring took ${budget.spent.toFixed(1)} s)`;
  const costs = `${(cost.secondsPerExample * 1000).toFixed(2)} ms per example and ${(cost.secondsPerModel * 1000).toFixed(0)} ms per model, ${models(grid)} models`;
  const reason =
    predicted <= planned
      ? `report.landscape ${unset} not set: grid ${grid} with ${samples} samples is the largest predicted to take at most ${100 * PLANNED_SHARE}% of the ${allowed}: ` +
        `about ${predicted.toFixed(1)} s at ${costs}`
      : `report.landscape ${unset} not set: even grid ${grid} with ${samples} samples is predicted to take about ${predicted.toFixed(1)} s at ${costs}, ` +
        `over the ${allowed}; it is the smallest figure made`;
  return { grid, samples, source: 'budget', reason, budgetSeconds: budget.seconds, predictedSeconds: budget.spent + predicted };
}
