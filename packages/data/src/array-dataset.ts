import { type Batch, type Dataset, type Split, checkIndices } from './dataset';
import { DataError } from './errors';
import { labelOutsideRange } from './label-range';

/** Contents of an {@link ArrayDataset}. */
export interface ArrayDatasetInit {
  name: string;
  split: Split;
  /** Shape of one example's input. */
  inputShape: readonly number[];
  /** Labels must lie in `[0, numClasses)`. */
  numClasses: number;
  /** False when `numClasses` is only the largest label + 1 (see `Dataset.numClassesStated`). */
  numClassesStated?: boolean;
  /** All inputs, `size × product(inputShape)` row-major, or rows read when a batch asks for them. */
  x: Float32Array | InputRows;
  /** One label per example, or `product(labelShape)` per example. */
  y: Int32Array;
  /** Shape of one example's labels (default `[]`: one class); with a shape, `IGNORE_LABEL` marks unlabelled positions. */
  labelShape?: readonly number[];
}

/** Inputs read on demand (a tensors file's rows): one row of `rowLength` values per example. */
export interface InputRows {
  readonly rows: number;
  readonly rowLength: number;
  /** Writes the rows at `indices`, in that order, into `into`. */
  read(indices: ArrayLike<number>, into: Float32Array): void;
}

/** A data set of flat arrays (hand-made data, tensors files): labels in memory, inputs in memory or read on demand. */
export class ArrayDataset implements Dataset {
  readonly name: string;
  readonly split: Split;
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  readonly numClassesStated?: boolean;
  readonly size: number;
  readonly labelShape?: readonly number[];
  private readonly x: Float32Array | InputRows;
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
    const values = x instanceof Float32Array ? x.length : x.rows * x.rowLength;
    if (values !== examples * this.exampleLength) {
      throw new DataError(
        'INVALID_ARGUMENT',
        `${name}: ${y.length} labels with input shape [${inputShape.join(', ')}] ` +
          `need ${examples * this.exampleLength} input values, got ${values}`,
      );
    }
    const outside = labelOutsideRange(y, numClasses, labelShape);
    if (outside) throw new DataError('INVALID_ARGUMENT', `${name}: ${outside}`);
    if (labelShape.length > 0) this.labelShape = [...labelShape];
    this.name = name;
    this.split = init.split;
    this.inputShape = [...inputShape];
    this.numClasses = numClasses;
    if (init.numClassesStated === false) this.numClassesStated = false;
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
    const inputs = this.x;
    if (inputs instanceof Float32Array) {
      for (let row = 0; row < count; row++) x.set(inputs.subarray(indices[row] * length, (indices[row] + 1) * length), row * length);
    } else {
      inputs.read(indices, x);
    }
    for (let row = 0; row < count; row++) y.set(this.y.subarray(indices[row] * labels, (indices[row] + 1) * labels), row * labels);
    return { x, y, shape: [count, ...this.inputShape], count };
  }
}
