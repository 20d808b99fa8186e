import type * as tf from '@tensorflow/tfjs';
import { TrainError } from './errors';

/** A model as named variables and a pure forward function over them. */
export interface ParamModel {
  readonly params: Readonly<Record<string, tf.Variable>>;
  /** Logits `[batch, ...]` for inputs `x` (the shape the task declares); `params` is the model's own `params`. */
  forward(params: Readonly<Record<string, tf.Tensor>>, x: tf.Tensor): tf.Tensor;
  /**
   * The forward pass in training mode, which `train` uses instead of `forward` when present
   * (e.g. BatchNorm with batch statistics). It may update the model's non-trainable variables,
   * as PyTorch's train-mode forward updates running statistics.
   */
  trainingForward?(params: Readonly<Record<string, tf.Tensor>>, x: tf.Tensor): tf.Tensor;
}

/** A model as a function closing over its variables: every trainable variable it reads is trained. */
export type LogitsFunction = (x: tf.Tensor) => tf.Tensor;

/** What `train` and `evaluate` accept. */
export type Model = ParamModel | LogitsFunction;

/** The outputs of `model` for `x`, unchecked; `training` picks its training-mode forward pass when it has one. */
export function outputsOf(model: Model, x: tf.Tensor, training = false): tf.Tensor {
  return typeof model === 'function' ? model(x) : training && model.trainingForward ? model.trainingForward(model.params, x) : model.forward(model.params, x);
}

/**
 * Logits of `model` for `x`, checked to be `[batch, ...logitsShape]` (one example's shape, as
 * the task declares it: `[classes]` for classification, `[length, vocab]` for a masked LM).
 */
export function logitsOf(model: Model, x: tf.Tensor, logitsShape: readonly number[], training = false): tf.Tensor {
  return checkedLogits(outputsOf(model, x, training), x, logitsShape);
}

/** `logits`, checked to be `[batch, ...logitsShape]` for inputs `x`. */
export function checkedLogits(logits: tf.Tensor, x: tf.Tensor, logitsShape: readonly number[]): tf.Tensor {
  const expected = [x.shape[0], ...logitsShape];
  if (logits.rank !== expected.length || expected.some((dim, i) => logits.shape[i] !== dim)) {
    throw new TrainError(
      'SHAPE_MISMATCH',
      `model output: expected logits [${expected.join(', ')}] for inputs [${x.shape.join(', ')}], got [${logits.shape.join(', ')}]`,
    );
  }
  return logits;
}

/**
 * The variables a training step updates: the model's trainable `params`, or `undefined` for a
 * function model, meaning every trainable variable the step reads.
 */
export function trainedVariables(model: Model): tf.Variable[] | undefined {
  return typeof model === 'function' ? undefined : Object.values(model.params).filter((variable) => variable.trainable);
}
