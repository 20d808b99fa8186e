import * as tf from '@tensorflow/tfjs';
import type { OptimizerOptions } from './optimizer';

/**
 * An optimizer's update as a pure function of tensors: what the tfjs optimizer of
 * `createOptimizer` does to one variable in `applyGradients`, with the same operations in the
 * same order, so a training step can be traced and compiled as one graph. State that the tfjs
 * optimizers keep across steps as scalars (Adam's β powers) comes in as `scalars`.
 */
export interface UpdateRule {
  /** Per-variable state tensors (Adam: first and second moments; momentum: the accumulation), all zeros at first. */
  readonly slots: number;
  /** The step's scalars, for step `step` (1-based), as float32 values. */
  scalars(step: number): Float32Array;
  /** The variable's new value and state, from its (decayed) value, gradient, state and the step's scalars. */
  update(value: tf.Tensor, gradient: tf.Tensor, state: readonly tf.Tensor[], scalars: readonly tf.Tensor[]): { value: tf.Tensor; state: tf.Tensor[] };
}

/** tfjs's Adam defaults, as `tf.train.adam(lr)` takes them. */
const BETA1 = 0.9;
const BETA2 = 0.999;

/**
 * β^step as tfjs accumulates it: a float32 scalar multiplied by β once a step, starting at β.
 * Steps come in order, so each call advances from the last one instead of starting over.
 */
function accumulatedPower(beta: number): (step: number) => number {
  const factor = Math.fround(beta);
  let reached = 1;
  let power = factor;
  return (step) => {
    if (step < reached) [reached, power] = [1, factor];
    for (; reached < step; reached++) power = Math.fround(power * factor);
    return power;
  };
}

function adam(lr: number, epsilon: number): UpdateRule {
  const [power1, power2] = [accumulatedPower(BETA1), accumulatedPower(BETA2)];
  return {
    slots: 2,
    // tfjs computes 1 − β^t as a float32 subtraction.
    scalars: (step) => Float32Array.of(1 - power1(step), 1 - power2(step)),
    update(value, gradient, [firstMoment, secondMoment], [oneMinusAccBeta1, oneMinusAccBeta2]) {
      const newFirstMoment = tf.add(tf.mul(firstMoment, BETA1), tf.mul(gradient, 1 - BETA1));
      const newSecondMoment = tf.add(tf.mul(secondMoment, BETA2), tf.mul(tf.square(gradient), 1 - BETA2));
      const biasCorrectedFirstMoment = tf.div(newFirstMoment, oneMinusAccBeta1);
      const biasCorrectedSecondMoment = tf.div(newSecondMoment, oneMinusAccBeta2);
      const newValue = tf.add(tf.mul(tf.div(biasCorrectedFirstMoment, tf.add(tf.sqrt(biasCorrectedSecondMoment), epsilon)), -lr), value);
      return { value: newValue, state: [newFirstMoment, newSecondMoment] };
    },
  };
}

function momentum(lr: number, m: number): UpdateRule {
  return {
    slots: 1,
    scalars: () => new Float32Array(0),
    update(value, gradient, [accumulation]) {
      const newAccumulation = tf.add(tf.mul(m, accumulation), gradient);
      return { value: tf.add(tf.mul(-lr, newAccumulation), value), state: [newAccumulation] };
    },
  };
}

function sgd(lr: number): UpdateRule {
  return {
    slots: 0,
    scalars: () => new Float32Array(0),
    update: (value, gradient) => ({ value: tf.add(tf.mul(-lr, gradient), value), state: [] }),
  };
}

/** The update rule of the optimizer `createOptimizer(options)` makes (options already checked there). */
export function updateRule(options: OptimizerOptions): UpdateRule {
  const { optimizer = 'adam', lr, momentum: m } = options;
  if (optimizer === 'adam') return adam(lr, tf.backend().epsilon());
  return m ? momentum(lr, m) : sgd(lr);
}
