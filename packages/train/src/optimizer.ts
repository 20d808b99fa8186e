import * as tf from '@tensorflow/tfjs';
import { TrainError } from './errors';

/** Optimizer choice and its settings. */
export interface OptimizerOptions {
  /** `adam` (default; tfjs defaults β1 0.9, β2 0.999) or `sgd`. */
  optimizer?: 'adam' | 'sgd';
  /** Learning rate, > 0. */
  lr: number;
  /** Momentum for `sgd` (default 0: plain SGD). Not accepted with `adam`. */
  momentum?: number;
}

/** A fresh tfjs optimizer; the caller owns it and disposes it. */
export function createOptimizer(options: OptimizerOptions): tf.Optimizer {
  const { optimizer = 'adam', lr, momentum } = options;
  if (!(Number.isFinite(lr) && lr > 0)) {
    throw new TrainError('INVALID_OPTION', `lr must be a positive number, got ${lr}`);
  }
  if (momentum !== undefined && !(Number.isFinite(momentum) && momentum >= 0 && momentum < 1)) {
    throw new TrainError('INVALID_OPTION', `momentum must be in [0, 1), got ${momentum}`);
  }
  switch (optimizer) {
    case 'adam':
      if (momentum !== undefined) {
        throw new TrainError('INVALID_OPTION', "momentum applies to optimizer 'sgd' only; adam has its own moment estimates");
      }
      return tf.train.adam(lr);
    case 'sgd':
      return momentum ? tf.train.momentum(lr, momentum) : tf.train.sgd(lr);
    default:
      throw new TrainError('INVALID_OPTION', `unknown optimizer '${String(optimizer)}'; available: adam, sgd`);
  }
}

/**
 * Disposes an optimizer and all its state. tfjs 4.22's MomentumOptimizer.dispose() does not
 * dispose the learning-rate scalar its SGD base class keeps, so that one is released here.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  if (optimizer instanceof tf.MomentumOptimizer) {
    const learningRateScalar = (optimizer as unknown as { c?: tf.Tensor }).c;
    if (learningRateScalar !== undefined && !learningRateScalar.isDisposed) learningRateScalar.dispose();
  }
}
