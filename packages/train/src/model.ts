import type * as tf from '@tensorflow/tfjs';
import { TrainError } from './errors';

/** A model as named variables and a pure forward function over them. */
export interface ParamModel {
  readonly params: Readonly<Record<string, tf.Variable>>;
  /** Logits `[batch, classes]` for inputs `x`; `params` is the model's own `params`. */
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

/**
 * Logits of `model` for `x`, checked to be `[batch, numClasses]`, or `[batch, ...labelShape,
 * numClasses]` for per-token labels (a masked LM: `[batch, length, vocab]`); `training` picks the
 * model's training-mode forward pass when it has one.
 */
export function logitsOf(model: Model, x: tf.Tensor, numClasses: number, training = false, labelShape: readonly number[] = []): tf.Tensor {
  const logits = typeof model === 'function' ? model(x) : training && model.trainingForward ? model.trainingForward(model.params, x) : model.forward(model.params, x);
  return checkedLogits(logits, x, numClasses, labelShape);
}

/** `logits`, checked to be `[batch, numClasses]` or `[batch, ...labelShape, numClasses]` for inputs `x`. */
export function checkedLogits(logits: tf.Tensor, x: tf.Tensor, numClasses: number, labelShape: readonly number[] = []): tf.Tensor {
  const expected = [x.shape[0], ...labelShape, numClasses];
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
