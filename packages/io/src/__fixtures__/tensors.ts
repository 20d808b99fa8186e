/** Small tensors for tests. */
import type { TensorData } from '../dtypes';

/** A 1-D F32 tensor of `values`. */
export const f32 = (...values: number[]): TensorData => ({
  dtype: 'F32',
  shape: [values.length],
  data: Float32Array.from(values),
});
