import * as tf from '@tensorflow/tfjs';
import { type SeedOrRandom, toRandom } from '@otfuse/extension';
import { TrainError } from './errors';

/** Fan-in and fan-out of a weight laid out `[out, in, ...kernel]` (the safetensors / PyTorch layout). */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0 || shape.some((dim) => !Number.isInteger(dim) || dim < 1)) {
    throw new TrainError('INVALID_OPTION', `weight shape must hold positive integers, got [${shape.join(', ')}]`);
  }
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  const receptiveField = shape.slice(2).reduce((product, dim) => product * dim, 1);
  return { fanIn: shape[1] * receptiveField, fanOut: shape[0] * receptiveField };
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

function uniform(shape: readonly number[], limit: number, seed: SeedOrRandom): tf.Tensor {
  const random = toRandom(seed);
  const values = new Float32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = (2 * random.nextFloat() - 1) * limit;
  return tf.tensor(values, [...shape], 'float32');
}

/**
 * Uniform in ±sqrt(6 / (fanIn + fanOut)). Pass one `SeededRandom` to several calls to give each
 * layer different values from a single seed; the same number seed twice repeats the values.
 */
export function glorotUniform(shape: readonly number[], seed: SeedOrRandom): tf.Tensor {
  const { fanIn, fanOut } = computeFans(shape);
  return uniform(shape, Math.sqrt(6 / (fanIn + fanOut)), seed);
}

/** Uniform in ±sqrt(6 / fanIn), for layers followed by ReLU. */
export function heUniform(shape: readonly number[], seed: SeedOrRandom): tf.Tensor {
  return uniform(shape, Math.sqrt(6 / computeFans(shape).fanIn), seed);
}

/** Normal samples with the given mean and standard deviation (defaults 0 and 1). */
export function normal(shape: readonly number[], seed: SeedOrRandom, options: { mean?: number; std?: number } = {}): tf.Tensor {
  const { mean = 0, std = 1 } = options;
  if (!Number.isFinite(mean) || !(Number.isFinite(std) && std >= 0)) {
    throw new TrainError('INVALID_OPTION', `normal: mean must be finite and std non-negative, got mean=${mean}, std=${std}`);
  }
  computeFans(shape); // validates the shape
  const random = toRandom(seed);
  const values = new Float32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = mean + std * random.nextNormal();
  return tf.tensor(values, [...shape], 'float32');
}

/** All zeros (biases). */
export function zeros(shape: readonly number[]): tf.Tensor {
  computeFans(shape);
  return tf.zeros([...shape], 'float32');
}
