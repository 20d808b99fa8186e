import { crossGram, type HostProductTransposed } from '../engine/cross-gram';

/** Up to this many columns a product is summed in place: a call to TensorFlow.js would cost more than its arithmetic. */
const LOOP_MAX_COLUMNS = 16;

/** `target [rows, rows] += X·Yᵀ` for row-major `x` and `y` `[rows, columns]`; a host product, when given, computes every product. */
export function addRowProducts(target: Float64Array, x: Float32Array, y: Float32Array, rows: number, columns: number, hostProduct?: HostProductTransposed): void {
  if (!hostProduct && columns <= LOOP_MAX_COLUMNS) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < rows; j++) {
        let sum = 0;
        for (let k = 0; k < columns; k++) sum += x[i * columns + k] * y[j * columns + k];
        target[i * rows + j] += sum;
      }
    }
    return;
  }
  const product = crossGram(x, y, rows, rows, columns, hostProduct);
  for (let i = 0; i < product.length; i++) target[i] += product[i];
}
