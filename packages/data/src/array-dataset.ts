import { type Batch, type Dataset, type Split, checkIndices } from './dataset';
import { DataError } from './errors';

/** Contents of an {@link ArrayDataset}. */
export interface ArrayDatasetInit {
  name: string;
  split: Split;
  /** Shape of one example's input. */
  inputShape: readonly number[];
  /** Labels must lie in `[0, numClasses)`. */
  numClasses: number;
  /** All inputs, `size × product(inputShape)` row-major. */
  x: Float32Array;
  /** One label per example. */
  y: Int32Array;
}

/** A data set held in memory as flat arrays (hand-made data, tensors files). */
export class ArrayDataset implements Dataset {
  readonly name: string;
  readonly split: Split;
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  readonly size: number;
  private readonly x: Float32Array;
  private readonly y: Int32Array;
  private readonly exampleLength: number;

  constructor(init: ArrayDatasetInit) {
    const { name, inputShape, numClasses, x, y } = init;
    if (inputShape.some((dim) => !Number.isInteger(dim) || dim < 1)) {
      throw new DataError('INVALID_ARGUMENT', `${name}: input shape must hold positive integers, got [${inputShape.join(', ')}]`);
    }
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new DataError('INVALID_ARGUMENT', `${name}: numClasses must be a positive integer, got ${numClasses}`);
    }
    this.exampleLength = inputShape.reduce((product, dim) => product * dim, 1);
    if (x.length !== y.length * this.exampleLength) {
      throw new DataError(
        'INVALID_ARGUMENT',
        `${name}: ${y.length} labels with input shape [${inputShape.join(', ')}] ` +
          `need ${y.length * this.exampleLength} input values, got ${x.length}`,
      );
    }
    const badLabel = y.findIndex((label) => label < 0 || label >= numClasses);
    if (badLabel >= 0) {
      throw new DataError('INVALID_ARGUMENT', `${name}: label ${y[badLabel]} of example ${badLabel} is outside [0, ${numClasses})`);
    }
    this.name = name;
    this.split = init.split;
    this.inputShape = [...inputShape];
    this.numClasses = numClasses;
    this.size = y.length;
    this.x = x;
    this.y = y;
  }

  get(indices: ArrayLike<number>): Batch {
    checkIndices(this, indices);
    const count = indices.length;
    const length = this.exampleLength;
    const x = new Float32Array(count * length);
    const y = new Int32Array(count);
    for (let row = 0; row < count; row++) {
      const index = indices[row];
      x.set(this.x.subarray(index * length, (index + 1) * length), row * length);
      y[row] = this.y[index];
    }
    return { x, y, shape: [count, ...this.inputShape], count };
  }
}
