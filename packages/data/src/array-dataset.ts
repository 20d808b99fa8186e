import { type Batch, type Dataset, IGNORE_LABEL, type Split, checkIndices } from './dataset';
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
  /** One label per example, or `product(labelShape)` per example. */
  y: Int32Array;
  /** Shape of one example's labels (default `[]`: one class); with a shape, {@link IGNORE_LABEL} marks unlabelled positions. */
  labelShape?: readonly number[];
}

/** A data set held in memory as flat arrays (hand-made data, tensors files). */
export class ArrayDataset implements Dataset {
  readonly name: string;
  readonly split: Split;
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  readonly size: number;
  readonly labelShape?: readonly number[];
  private readonly x: Float32Array;
  private readonly y: Int32Array;
  private readonly exampleLength: number;
  private readonly labelsPerExample: number;

  constructor(init: ArrayDatasetInit) {
    const { name, inputShape, numClasses, x, y, labelShape = [] } = init;
    if (labelShape.some((dim) => !Number.isInteger(dim) || dim < 1)) {
      throw new DataError('INVALID_ARGUMENT', `${name}: label shape must hold positive integers, got [${labelShape.join(', ')}]`);
    }
    this.labelsPerExample = labelShape.reduce((product, dim) => product * dim, 1);
    if (y.length % this.labelsPerExample !== 0) {
      throw new DataError('INVALID_ARGUMENT', `${name}: ${y.length} labels are not a whole number of examples of label shape [${labelShape.join(', ')}]`);
    }
    const examples = y.length / this.labelsPerExample;
    if (inputShape.some((dim) => !Number.isInteger(dim) || dim < 1)) {
      throw new DataError('INVALID_ARGUMENT', `${name}: input shape must hold positive integers, got [${inputShape.join(', ')}]`);
    }
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new DataError('INVALID_ARGUMENT', `${name}: numClasses must be a positive integer, got ${numClasses}`);
    }
    this.exampleLength = inputShape.reduce((product, dim) => product * dim, 1);
    if (x.length !== examples * this.exampleLength) {
      throw new DataError(
        'INVALID_ARGUMENT',
        `${name}: ${y.length} labels with input shape [${inputShape.join(', ')}] ` +
          `need ${examples * this.exampleLength} input values, got ${x.length}`,
      );
    }
    const perToken = labelShape.length > 0;
    const badLabel = y.findIndex((label) => (label < 0 || label >= numClasses) && !(perToken && label === IGNORE_LABEL));
    if (badLabel >= 0) {
      const where = perToken ? `example ${Math.floor(badLabel / this.labelsPerExample)}, position ${badLabel % this.labelsPerExample}` : `example ${badLabel}`;
      throw new DataError('INVALID_ARGUMENT', `${name}: label ${y[badLabel]} of ${where} is outside [0, ${numClasses})${perToken ? ` and is not ${IGNORE_LABEL} (no label)` : ''}`);
    }
    if (perToken) this.labelShape = [...labelShape];
    this.name = name;
    this.split = init.split;
    this.inputShape = [...inputShape];
    this.numClasses = numClasses;
    this.size = examples;
    this.x = x;
    this.y = y;
  }

  get(indices: ArrayLike<number>): Batch {
    checkIndices(this, indices);
    const count = indices.length;
    const length = this.exampleLength;
    const x = new Float32Array(count * length);
    const labels = this.labelsPerExample;
    const y = new Int32Array(count * labels);
    for (let row = 0; row < count; row++) {
      const index = indices[row];
      x.set(this.x.subarray(index * length, (index + 1) * length), row * length);
      y.set(this.y.subarray(index * labels, (index + 1) * labels), row * labels);
    }
    return { x, y, shape: [count, ...this.inputShape], count };
  }
}
