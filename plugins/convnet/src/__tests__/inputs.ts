import * as tf from '@tensorflow/tfjs';
import { seededFloats } from '@otfuse/testing';

/** `count` seeded NCHW images, uniform in [-1, 1). */
export function seededImages(count: number, channels: number, size: number, seed: number): tf.Tensor4D {
  const random = seededFloats(seed);
  return tf.tensor4d(Float32Array.from({ length: count * channels * size * size }, () => random() * 2 - 1), [count, channels, size, size]);
}
