import * as tf from '@tensorflow/tfjs';

/**
 * `tf.tidy` for computations that end in host data (typed arrays, numbers): every tensor made
 * inside is disposed, and the plain result is returned.
 */
export function hostScope<T>(fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}
