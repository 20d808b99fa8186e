import * as tf from '@tensorflow/tfjs';
import { compileForward, readNativeForwardMode, type CompiledForward } from '@otfuse/backend';
import { type Model, checkedLogits, logitsOf } from './model';

/** Which engine ran an evaluation's forward passes, and why. */
export type ForwardEngine = { readonly engine: 'onnxruntime-node'; readonly kernels: number } | { readonly engine: 'tfjs'; readonly reason: string };

/** An evaluation shorter than this many batches keeps tfjs: compiling costs about as much as a few batches. */
export const MIN_BATCHES_TO_COMPILE = 3;

/**
 * The eval forward pass of `evaluate`: on the first batch it tries to compile the model into one
 * onnxruntime-node graph (`compileForward`), and uses it for every batch it accepts; anything
 * else runs on tfjs. Logits are checked as `logitsOf` checks them either way. A model that
 * validates its inputs on the host (BERT's token-id range check) has that check run on the
 * first batch only; on later batches an index outside a table makes NaN logits (see the
 * backend's Gather translation), and such a batch reruns on tfjs, which reports it.
 */
export class EvaluationForward {
  private compiled: CompiledForward | undefined;
  private decided = false;

  constructor(
    private readonly model: Model,
    private readonly numClasses: number,
    private readonly labelShape: readonly number[],
    private readonly batches: number,
    private readonly onForward?: (engine: ForwardEngine) => void,
  ) {}

  private tfjs = (x: tf.Tensor) => logitsOf(this.model, x, this.numClasses, false, this.labelShape);

  /** Logits of one batch; the first call chooses the engine and tells `onForward`. */
  logits(x: tf.Tensor): tf.Tensor {
    if (!this.decided) {
      this.decided = true;
      const engine = this.decide(x);
      this.onForward?.(engine);
    }
    if (this.compiled?.accepts(x)) {
      let logits: tf.Tensor;
      try {
        logits = this.compiled.run(x);
      } catch {
        // onnxruntime rejected this batch: tfjs either computes it or reports the problem in
        // the model's own words.
        return this.tfjs(x);
      }
      // A model that checks its inputs on the host had that check on the first batch only; an
      // index outside a table comes out of the graph as NaN, and tfjs, which runs the check, says why.
      if (this.compiled.readsInput && tf.any(tf.isNaN(logits)).dataSync()[0]) {
        logits.dispose();
        return this.tfjs(x);
      }
      return checkedLogits(logits, x, this.numClasses, this.labelShape);
    }
    return this.tfjs(x);
  }

  private decide(sample: tf.Tensor): ForwardEngine {
    const mode = readNativeForwardMode();
    // A short evaluation stays on tfjs unless OTFUSE_NATIVE_FORWARD=1 asks for the graph.
    if (mode === 'auto' && this.batches < MIN_BATCHES_TO_COMPILE) return { engine: 'tfjs', reason: `fewer than ${MIN_BATCHES_TO_COMPILE} batches to evaluate` };
    const outcome = compileForward(this.tfjs, sample, mode);
    if ('refused' in outcome) return { engine: 'tfjs', reason: outcome.refused };
    this.compiled = outcome.forward;
    return { engine: 'onnxruntime-node', kernels: outcome.forward.kernels };
  }
}
