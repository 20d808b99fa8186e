import * as tf from '@tensorflow/tfjs';
import { compileBatchFunction, readNativeForwardMode, type CompiledBatchFunction } from '@otfuse/backend';
import { type Batch, type Dataset, batches } from '@otfuse/data';
import { batchTensors } from './batch-tensors';
import { type Model, logitsOf } from './model';
import type { Task, TaskData } from './tasks/task';
import { labelledTask } from './tasks/task-data';

/** Which engine ran an evaluation's forward passes, and why. */
export type ForwardEngine = { readonly engine: 'onnxruntime-node'; readonly kernels: number } | { readonly engine: 'tfjs'; readonly reason: string };

/** An evaluation shorter than this many batches keeps tfjs: compiling costs about as much as a few batches. */
export const MIN_BATCHES_TO_COMPILE = 3;

/** What one batch adds to an evaluation: correct predictions, summed loss, scored predictions (see the task's `score`). */
export interface BatchScore {
  hits: number;
  lossSum: number;
  predictions: number;
  /** Correct parts of predictions, one count per part the task declares (span QA: start, end). */
  partHits: number[];
}

/**
 * The eval forward pass and its scores, as `evaluate` runs them: on the first batch it tries to
 * compile the model's forward pass together with the task's scoring (cross-entropy and arg-max
 * against the labels, for most tasks) into one onnxruntime-node graph, so the logits (a masked
 * LM's are batch × length × vocabulary) never leave it and only three numbers per batch come
 * back; anything else runs on tfjs. Logits are checked as `logitsOf` checks them either way.
 * A model that validates its inputs on the host (BERT's token-id range check) has that check run
 * on the first batch only; on later batches an index outside a table makes a NaN loss (see the
 * backend's Gather translation), and such a batch reruns on tfjs, which reports it.
 */
export class EvaluationScorer {
  private compiled: CompiledBatchFunction | undefined;
  private engine: ForwardEngine | undefined;
  private readonly labelShape: readonly number[];
  /** `[hits, loss sum, predictions]` of inputs `x` and labels `y`, as one float32 vector. */
  private readonly scores: (inputs: tf.Tensor[]) => tf.Tensor[];

  /**
   * Scores `model` for `task` on batches of `data` (or of data sets of its shapes); a task
   * without labels, or labels of another shape, is refused here.
   */
  constructor(
    model: Model,
    task: Task,
    data: TaskData,
    /** Batches the scorer will see (an evaluation this short keeps tfjs unless told otherwise). */
    private readonly batches: number,
    private readonly onForward?: (engine: ForwardEngine) => void,
  ) {
    const scored = labelledTask(task, data, 'score');
    const logitsShape = scored.logitsShape(data);
    this.labelShape = data.labelShape ?? [];
    this.scores = ([x, y]) => [scored.score(logitsOf(model, x, logitsShape), y)];
  }

  /**
   * Chooses the engine on `batch` (compiling there when it may) unless chosen already, and tells
   * `onForward` the first time; a scorer used for many evaluations (the landscape's points, whose
   * weights are assigned into the same variables) compiles once.
   */
  prepare(batch: Batch): ForwardEngine {
    if (this.engine === undefined) {
      this.engine = tf.tidy(() => {
        const { x, y } = batchTensors(batch, this.labelShape);
        return this.decide(x, y);
      });
      this.onForward?.(this.engine);
    }
    return this.engine;
  }

  /** Scores one batch; the first call chooses the engine (see {@link prepare}). */
  score(batch: Batch): BatchScore {
    this.prepare(batch);
    return tf.tidy(() => {
      const { x, y } = batchTensors(batch, this.labelShape);
      const native = this.compiled?.accepts([x, y]) ? this.native(x, y) : undefined;
      const [hits, lossSum, predictions, ...partHits] = native ?? (this.scores([x, y])[0].dataSync() as Float32Array);
      return { hits, lossSum, predictions, partHits };
    });
  }

  /** The compiled scores, or undefined where tfjs must run the batch (onnxruntime rejected it, or a bad input may hide behind a NaN). */
  private native(x: tf.Tensor, y: tf.Tensor): Float32Array | undefined {
    let scores: Float32Array;
    try {
      scores = (this.compiled as CompiledBatchFunction).run([x, y])[0].data;
    } catch {
      // onnxruntime rejected this batch: tfjs either computes it or reports the problem in the model's own words.
      return undefined;
    }
    return this.compiled?.readsInput && Number.isNaN(scores[1]) ? undefined : scores;
  }

  private decide(x: tf.Tensor, y: tf.Tensor): ForwardEngine {
    const mode = readNativeForwardMode();
    // A short evaluation stays on tfjs unless OTFUSE_NATIVE_FORWARD=1 asks for the graph.
    if (mode === 'auto' && this.batches < MIN_BATCHES_TO_COMPILE) return { engine: 'tfjs', reason: `fewer than ${MIN_BATCHES_TO_COMPILE} batches to evaluate` };
    const outcome = compileBatchFunction(this.scores, [x, y], mode);
    if ('refused' in outcome) return { engine: 'tfjs', reason: outcome.refused };
    this.compiled = outcome.compiled;
    return { engine: 'onnxruntime-node', kernels: outcome.compiled.kernels };
  }
}

/** The sums of every batch of `examples`, in order, as `evaluate` reports them. */
export function scoreBatches(scorer: EvaluationScorer, examples: Dataset, batchSize: number): BatchScore {
  const total: BatchScore = { hits: 0, lossSum: 0, predictions: 0, partHits: [] };
  for (const batch of batches(examples, { batchSize })) {
    const score = scorer.score(batch);
    total.hits += score.hits;
    total.lossSum += score.lossSum;
    total.predictions += score.predictions;
    score.partHits.forEach((hits, i) => (total.partHits[i] = (total.partHits[i] ?? 0) + hits));
  }
  return total;
}
