import * as tf from '@tensorflow/tfjs';
import type { ForwardResult } from './architecture';
import { FusionError } from './errors';

export type Params = Readonly<Record<string, tf.Tensor>>;

/** What one stage hands the next: the running tensors (hidden states, masks…). */
export type StageState = tf.Tensor[];

export interface StageOutput {
  state: StageState;
  /** The requested activations this stage recorded, `[rows, features]` each. */
  activations: Map<string, tf.Tensor2D>;
}

/**
 * One step of a forward pass, e.g. the embeddings, one encoder block, the head. Stages run in
 * order; the first receives `[inputs]`, the last returns `[logits]`. Running a model stage by
 * stage over all samples (instead of sample batch by batch through the whole model) lets fusion
 * hold one block's parameters and activations at a time, whatever the depth.
 */
export interface ForwardStage {
  id: string;
  /** Every parameter the stage reads: loaded before the stage, released after it. */
  params: readonly string[];
  /** The requested capture keys this stage records. */
  keys: readonly string[];
  /** Runs the stage on one batch. Differentiable in `params`; intermediates may be left to the caller's scope. */
  run(params: Params, state: StageState): StageOutput;
}

/**
 * Runs every stage in one go: the plugin's ordinary forward pass. Each stage runs in its own
 * scope, so only the state between stages (and what was recorded) outlives it; under a
 * gradient tape, tfjs keeps what backpropagation needs regardless.
 */
export function runStages(stages: readonly ForwardStage[], params: Params, inputs: tf.Tensor): ForwardResult {
  const activations = new Map<string, tf.Tensor2D>();
  let state: StageState = [inputs];
  try {
    for (const stage of stages) {
      const previous = state;
      const out = runStage(stage, params, previous);
      for (const [key, value] of out.activations) activations.set(key, value);
      if (previous[0] !== inputs) previous.forEach((t) => t.dispose());
      state = out.state;
    }
  } catch (error) {
    if (state[0] !== inputs) state.forEach((t) => t.dispose());
    activations.forEach((t) => t.dispose());
    throw error;
  }
  if (state.length !== 1) throw new FusionError('GRAPH_INVALID', `the last forward stage returned ${state.length} tensors; expected the logits alone`);
  return { logits: state[0], activations };
}

/** One stage in its own scope: the returned state and activations are the caller's. */
export function runStage(stage: ForwardStage, params: Params, state: StageState): StageOutput {
  let out: StageOutput | undefined;
  const kept = tf.tidy(() => {
    out = stage.run(params, state);
    // A tensor passed straight through, or recorded and also handed on, must not be owned twice.
    const next = out.state.map((t) => (state.includes(t) ? sharedView(t) : t));
    const recorded = [...out.activations.values()].map((t) => (state.includes(t) || next.includes(t) ? sharedView(t) : t));
    return [...next, ...recorded];
  });
  const result = out as StageOutput;
  return { state: kept.slice(0, result.state.length), activations: new Map([...result.activations.keys()].map((key, i) => [key, kept[result.state.length + i] as tf.Tensor2D])) };
}

/**
 * A second tensor over the same data. `tf.clone` copies on the wasm backend (its Identity
 * kernel), which would duplicate whatever a stage passes on once per sample batch, such as the
 * masked LM's 94 MB word table; a reshape to the same shape shares the data on every backend.
 */
function sharedView(t: tf.Tensor): tf.Tensor {
  return tf.reshape(t, t.shape);
}
