import * as tf from '@tensorflow/tfjs';
import type { SizePoint } from '@otfuse/backend';
import type { NamedInputs } from '@otfuse/core';

/**
 * An input of `point`'s batch size and sequence length with values the model accepts: integers
 * below each row's bound (token ids, masks), or floats in [-1, 1). Drawn from a fixed seed, so an
 * export is reproducible; the values only serve to trace and check the graph.
 */
export function sampleInput(inputs: NamedInputs, point: SizePoint): tf.Tensor {
  const shape = [point.batch, ...inputs.shape.map((dim) => (dim === 'length' ? point.length : dim))];
  const size = shape.reduce((a, b) => a * b, 1);
  let state = 0x2545f491 ^ (point.batch * 7919 + point.length);
  const next = () => {
    // xorshift32: cheap, and the same numbers on every machine.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const { bounds } = inputs;
  if (bounds === undefined) return tf.tensor(Float32Array.from({ length: size }, () => next() * 2 - 1), shape, 'float32');
  // Rows are axis 1 when several names stack; one name has one bound for every value.
  const rowLength = shape.slice(2).reduce((a, b) => a * b, 1);
  const boundAt = (i: number) => (bounds.length === 1 ? bounds[0] : bounds[Math.floor(i / rowLength) % bounds.length]);
  return tf.tensor(Int32Array.from({ length: size }, (_, i) => Math.floor(next() * boundAt(i))), shape, 'int32');
}
