import * as tf from '@tensorflow/tfjs';
import { initBackend, readNativeTrainMode } from '@otfuse/backend';
import type { Batch, Dataset } from '@otfuse/data';
import { SeededRandom } from '@otfuse/extension';
import { batchTensors } from './batch-tensors';
import { BatchSchedule } from './batch-schedule';
import { CompiledTraining, MIN_BATCH_TO_COMPILE } from './compiled-training';
import { TrainError } from './errors';
import { type Model, logitsOf, trainedVariables } from './model';
import { type OptimizerOptions, createOptimizer, disposeOptimizer } from './optimizer';
import type { LabelledTask, Task } from './tasks/task';
import { labelledTask } from './tasks/task-data';
import { updateRule } from './update-rule';

/** What {@link train} reports while it runs. */
export interface TrainProgress {
  /** Steps done so far (1-based: the step just finished). */
  step: number;
  totalSteps: number;
  /** Epoch (1-based) of the step just finished. */
  epoch: number;
  /** Mean training loss over the steps since the previous report. */
  loss: number;
  /** Milliseconds since training started. */
  elapsedMs: number;
}

/** Options of {@link train}. */
export interface TrainOptions extends OptimizerOptions {
  /** What the model is trained for: its labels and loss (a registered task, e.g. `TASKS.get('classification')`). */
  task: Task;
  /** Passes over the data set (default 1 when `steps` is not given). */
  epochs?: number;
  /** Number of optimizer steps instead of `epochs`; batches continue across epoch boundaries. */
  steps?: number;
  /** Examples per step. */
  batchSize: number;
  /** Seeds the batch order; the same seed, data and initial weights give the same weights. */
  seed: number;
  /** Decoupled weight decay (AdamW-style): each step scales every trained variable by `1 - lr·weightDecay` before the update. Default 0. */
  weightDecay?: number;
  /** Skip each epoch's final batch when smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Called every `progressEvery` steps and after the last step. */
  onProgress?: (event: TrainProgress) => void;
  /** Steps between progress reports (default: about 20 reports per run). */
  progressEvery?: number;
}

/** Which engine ran a training's steps, and why. */
export type TrainEngine = { readonly engine: 'onnxruntime-node'; readonly kernels: number } | { readonly engine: 'tfjs'; readonly reason: string };

/** The per-step training losses and the run's size. */
export interface TrainHistory {
  /** Loss of every step, in order. */
  losses: number[];
  steps: number;
  elapsedMs: number;
  /** Where the steps ran: one compiled onnxruntime graph per step, or tfjs kernels. */
  engine: TrainEngine;
}

/** A training shorter than this many steps keeps tfjs: compiling costs about as much as a few steps. */
export const MIN_STEPS_TO_COMPILE = 8;

interface StepPlan {
  totalSteps: number;
  progressEvery: number;
  schedule: BatchSchedule;
}

function checkPositiveInteger(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
    throw new TrainError('INVALID_OPTION', `${name} must be a positive integer, got ${value}`);
  }
}

function planSteps(dataset: Dataset, options: TrainOptions): StepPlan {
  const { epochs, steps, batchSize, seed, dropLast = false, progressEvery, weightDecay = 0 } = options;
  if (epochs !== undefined && steps !== undefined) {
    throw new TrainError('INVALID_OPTION', `give epochs or steps, not both (got epochs=${epochs}, steps=${steps})`);
  }
  checkPositiveInteger('epochs', epochs);
  checkPositiveInteger('steps', steps);
  checkPositiveInteger('batchSize', batchSize);
  checkPositiveInteger('progressEvery', progressEvery);
  if (!Number.isSafeInteger(seed)) {
    throw new TrainError('INVALID_OPTION', `seed must be a safe integer, got ${seed}`);
  }
  if (!(Number.isFinite(weightDecay) && weightDecay >= 0)) {
    throw new TrainError('INVALID_OPTION', `weightDecay must be a non-negative number, got ${weightDecay}`);
  }
  const schedule = new BatchSchedule(dataset.size, batchSize, new SeededRandom(seed), dropLast);
  if (schedule.batchesPerEpoch === 0) {
    throw new TrainError(
      'INVALID_OPTION',
      `${dataset.name} (${dataset.split}) has ${dataset.size} examples: no batch of ${batchSize}${dropLast ? ' with dropLast' : ''}`,
    );
  }
  const totalSteps = steps ?? (epochs ?? 1) * schedule.batchesPerEpoch;
  return { totalSteps, progressEvery: progressEvery ?? Math.max(1, Math.ceil(totalSteps / 20)), schedule };
}

/** Scales each variable by `keep` (decoupled weight decay). */
function decay(variables: readonly tf.Variable[], keep: number): void {
  tf.tidy(() => {
    for (const variable of variables) variable.assign(tf.mul(variable, keep));
  });
}

/** The variables named in a gradient map (function models name no list up front). */
function variablesOf(grads: tf.NamedTensorMap): tf.Variable[] {
  const registered = tf.engine().registeredVariables;
  return Object.keys(grads).map((name) => registered[name]);
}

/** Runs one step on tfjs: the loss as a tensor, the variables and the optimizer updated. */
type TfjsStep = (batch: Batch) => tf.Scalar;

/**
 * Trains `model` on `dataset` with seeded batch order. Where the step compiles (a model of named
 * variables without a training-mode forward pass, onnxruntime-node in use, enough steps), every
 * step runs as one onnxruntime graph with the parameters and optimizer state outside the
 * WebAssembly heap; otherwise on tfjs. Both give the same weights within float rounding. The
 * optimizer is created here and disposed at the end, so no tensor outlives the call except the
 * model's own variables.
 */
export async function train(model: Model, dataset: Dataset, options: TrainOptions): Promise<TrainHistory> {
  const task = labelledTask(options.task, dataset, 'train');
  const { totalSteps, progressEvery, schedule } = planSteps(dataset, options);
  await initBackend(); // idempotent: keeps a backend chosen earlier, else picks the fastest
  const { lr, weightDecay = 0, onProgress } = options;
  const logitsShape = task.logitsShape(dataset);
  const variables = trainedVariables(model);
  if (variables !== undefined && variables.length === 0) {
    throw new TrainError('NO_TRAINABLE_VARIABLES', 'model.params holds no trainable variable');
  }
  const optimizer = createOptimizer(options);
  const tfjsStep: TfjsStep = (batch) =>
    tf.tidy(() => {
      const { x, y } = batchTensors(batch, dataset.labelShape);
      const { value, grads } = tf.variableGrads(() => task.loss(logitsOf(model, x, logitsShape, true), y), variables);
      if (weightDecay > 0) decay(variables ?? variablesOf(grads), 1 - lr * weightDecay);
      optimizer.applyGradients(grads);
      return value;
    });
  const started = performance.now();
  const losses: number[] = [];
  let pending: tf.Scalar[] = [];
  let reportedUpTo = 0;
  let compiled: CompiledTraining | undefined;
  let engine: TrainEngine | undefined;
  try {
    for (let step = 1; step <= totalSteps; step++) {
      const { indices, epoch } = schedule.next();
      const batch = dataset.get(indices);
      if (engine === undefined) {
        const chosen = chooseEngine(model, variables, batch, totalSteps, { ...options, task, numClasses: dataset.numClasses, labelShape: dataset.labelShape ?? [] });
        ({ engine, compiled } = chosen);
      }
      if (compiled) losses.push(compiledStep(compiled, batch, model, dataset, logitsShape));
      else pending.push(tfjsStep(batch));
      const report = step % progressEvery === 0 || step === totalSteps;
      if (report) {
        // Losses are read in groups, so a GPU backend is not made to wait after every step.
        if (pending.length > 0) {
          const stacked = tf.stack(pending);
          losses.push(...(await stacked.data()));
          tf.dispose([stacked, ...pending]);
          pending = [];
        }
        const recent = losses.slice(reportedUpTo);
        reportedUpTo = losses.length;
        onProgress?.({
          step,
          totalSteps,
          epoch,
          loss: recent.reduce((sum, value) => sum + value, 0) / recent.length,
          elapsedMs: performance.now() - started,
        });
      }
    }
  } finally {
    compiled?.writeBack();
    tf.dispose(pending);
    disposeOptimizer(optimizer);
  }
  return { losses, steps: totalSteps, elapsedMs: performance.now() - started, engine: engine ?? { engine: 'tfjs', reason: 'no step ran' } };
}

interface EngineChoice {
  engine: TrainEngine;
  compiled?: CompiledTraining;
}

/** Compiles the step on the first batch where `OTFUSE_NATIVE_TRAIN` and the run allow it; says why not otherwise. */
function chooseEngine(
  model: Model,
  variables: tf.Variable[] | undefined,
  batch: Batch,
  totalSteps: number,
  options: TrainOptions & { task: LabelledTask; numClasses: number; labelShape: readonly number[] },
): EngineChoice {
  const mode = readNativeTrainMode();
  const tfjs = (reason: string): EngineChoice => ({ engine: { engine: 'tfjs', reason } });
  if (typeof model === 'function' || variables === undefined) return tfjs('the model is a function of its variables, not named parameters');
  if (mode === 'auto' && totalSteps < MIN_STEPS_TO_COMPILE) return tfjs(`fewer than ${MIN_STEPS_TO_COMPILE} steps`);
  if (mode === 'auto' && batch.count < MIN_BATCH_TO_COMPILE) return tfjs(`batches of fewer than ${MIN_BATCH_TO_COMPILE} examples`);
  const { weightDecay = 0, lr, task, numClasses, labelShape } = options;
  const outcome = CompiledTraining.compile(model, variables, { task, rule: updateRule(options), keep: 1 - lr * weightDecay, numClasses, labelShape }, batch, mode);
  if (typeof outcome === 'string') {
    if (mode === 'on') throw new TrainError('INVALID_OPTION', `OTFUSE_NATIVE_TRAIN=1, but the training step cannot be compiled: ${outcome}`);
    return tfjs(outcome);
  }
  return { engine: { engine: 'onnxruntime-node', kernels: outcome.kernels }, compiled: outcome };
}

/**
 * One compiled step. A model that validates its inputs on the host did so on the traced rows
 * only; an index outside a table comes out of the graph as a NaN loss, so such a batch is run
 * forward on tfjs, which reports the bad input in the model's words (and a NaN that is not a
 * bad input stands).
 */
function compiledStep(compiled: CompiledTraining, batch: Batch, model: Model, dataset: Dataset, logitsShape: readonly number[]): number {
  const loss = compiled.step(batch, compiled.readsInput);
  if (!Number.isNaN(loss) || !compiled.readsInput) return loss;
  tf.tidy(() => {
    const { x } = batchTensors(batch, dataset.labelShape);
    logitsOf(model, x, logitsShape);
  });
  return compiled.step(batch, false);
}
