import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../init-backend';

/** Silences tfjs's console notes (the cpu backend's "install tfjs-node" hint). */
tf.env().set('IS_TEST', true);

export async function initWasmQuietly(): Promise<void> {
  await initBackend({ force: 'wasm', log: () => undefined });
}

/** Deterministic values in [-1, 1) from a seed (mulberry32), the same on every backend. */
export function seededValues(size: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return values;
}

export function seededTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(seededValues(tf.util.sizeFromShape(shape), seed), shape);
}

/** Runs `compute` with `backend` active and returns copies of its results' values. */
export async function valuesOn(backend: string, compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const results = tf.tidy(compute);
    const values = results.map((result) => Float32Array.from(result.dataSync()));
    tf.dispose(results);
    return values;
  } finally {
    await tf.setBackend(previous);
  }
}

/** Largest |a − b| over all results; fails on a count or length mismatch. */
export function maxAbsDifference(a: Float32Array[], b: Float32Array[]): number {
  expect(a.map((values) => values.length)).toEqual(b.map((values) => values.length));
  let max = 0;
  a.forEach((values, i) => values.forEach((value, j) => (max = Math.max(max, Math.abs(value - b[i][j])))));
  return max;
}

/** Tensors known to the engine and data buffers held by the active backend. */
export function liveCounts(): { tensors: number; backendData: number } {
  return { tensors: tf.memory().numTensors, backendData: tf.engine().backend.numDataIds() };
}
