import type { HostProductTransposed } from '../engine/cross-gram';
import type { FeatureOrder, PermutationClass } from '../graph/feature-spaces';
import type { HostTensor } from '../weights';
import type { PermutedParameter } from './permuted-parameters';
import { addRowProducts } from './similarity-product';
import { gatherAxis, sliceRows } from './tensor-axes';

/** A permuted parameter's values in both models (same shapes). */
export interface ParameterPair extends PermutedParameter {
  model: HostTensor;
  anchor: HostTensor;
}

/** Slices of one parameter along a class's axis, as rows `[width, columns]` of both models. */
interface SliceRows {
  anchor: Float32Array;
  model: Float32Array;
  columns: number;
}

/**
 * The part of a class's similarity no other order changes: from parameters it alone permutes
 * (biases, norms, a layer whose other axis is the raw input or a fixed output). Summed once and
 * kept when its terms have `KEEP_SUMMED_MIN_COLUMNS` columns or more; fewer (vectors) are kept as
 * rows and summed each time, as a `width²` matrix would outweigh them.
 */
interface FixedPart {
  summed?: Float64Array;
  terms: SliceRows[];
}

const KEEP_SUMMED_MIN_COLUMNS = 16;

/** A parameter with several permuted axes: the slices along one depend on the orders of the others. */
interface CoupledParameter extends ParameterPair {
  /** The anchor's slices along each of `axes`, which no order changes. */
  anchorRows: Float32Array[];
}

/**
 * Each class's similarity between anchor and model features: `S[i][j]` is the sum over the
 * class's axes of ⟨the anchor's slice i, the model's slice j with every other permuted axis in
 * its current order⟩. Whatever no order changes is computed here, once.
 */
export class MatchingSimilarities {
  private readonly fixed: FixedPart[];
  private readonly coupled: CoupledParameter[];
  /** Per class, the coupled parameters and which of their axes is the class's. */
  private readonly coupledAxes: { parameter: CoupledParameter; axisIndex: number }[][];

  constructor(
    private readonly classes: readonly PermutationClass[],
    parameters: readonly ParameterPair[],
    private readonly hostProduct?: HostProductTransposed,
  ) {
    this.fixed = classes.map(() => ({ terms: [] }));
    this.coupled = [];
    this.coupledAxes = classes.map(() => []);
    for (const p of parameters) {
      if (p.axes.length === 1) {
        const { axis, classIndex } = p.axes[0];
        const anchor = sliceRows(p.anchor.data, p.shape, axis);
        this.fixed[classIndex].terms.push({ anchor, model: sliceRows(p.model.data, p.shape, axis), columns: anchor.length / p.shape[axis] });
      } else {
        const parameter = { ...p, anchorRows: p.axes.map(({ axis }) => sliceRows(p.anchor.data, p.shape, axis)) };
        this.coupled.push(parameter);
        p.axes.forEach(({ classIndex }, axisIndex) => this.coupledAxes[classIndex].push({ parameter, axisIndex }));
      }
    }
    this.fixed.forEach((part, c) => {
      if (part.terms.reduce((sum, t) => sum + t.columns, 0) < KEEP_SUMMED_MIN_COLUMNS) return;
      part.summed = this.sumTerms(part.terms, classes[c].width, new Float64Array(classes[c].width ** 2));
      part.terms = [];
    });
  }

  /** The classes whose orders class `classIndex`'s similarity reads: those on other axes of its parameters. */
  inputsOf(classIndex: number): Set<number> {
    const inputs = new Set<number>();
    for (const { parameter, axisIndex } of this.coupledAxes[classIndex]) {
      parameter.axes.forEach(({ classIndex: other }, k) => {
        if (k !== axisIndex) inputs.add(other);
      });
    }
    return inputs;
  }

  /** Row-major `width × width` similarity of class `classIndex` under the current `orders` of all classes. */
  similarity(classIndex: number, orders: readonly FeatureOrder[]): Float64Array {
    const width = this.classes[classIndex].width;
    const { summed, terms } = this.fixed[classIndex];
    const similarity = this.sumTerms(terms, width, summed ? summed.slice() : new Float64Array(width * width));
    for (const { parameter, axisIndex } of this.coupledAxes[classIndex]) {
      const model = modelRows(parameter, axisIndex, orders);
      addRowProducts(similarity, parameter.anchorRows[axisIndex], model, width, model.length / width, this.hostProduct);
    }
    return similarity;
  }

  /**
   * What matching maximises: Σ over permuted parameters of ⟨anchor, model with every order
   * applied⟩ (copies would count their source twice; unpermuted parameters add a constant).
   */
  objective(orders: readonly FeatureOrder[]): number {
    let total = 0;
    this.fixed.forEach(({ summed, terms }, c) => {
      const [width, order] = [this.classes[c].width, orders[c]];
      if (summed) for (let i = 0; i < width; i++) total += summed[i * width + order[i]];
      for (const { anchor, model, columns } of terms) {
        for (let i = 0; i < width; i++) total += dot(anchor, i * columns, model, order[i] * columns, columns);
      }
    });
    for (const p of this.coupled) {
      let model = p.model.data;
      for (const { axis, classIndex } of p.axes) model = gatherAxis(model, p.shape, axis, orders[classIndex]);
      total += dot(p.anchor.data, 0, model, 0, model.length);
    }
    return total;
  }

  private sumTerms(terms: readonly SliceRows[], width: number, into: Float64Array): Float64Array {
    for (const t of terms) addRowProducts(into, t.anchor, t.model, width, t.columns, this.hostProduct);
    return into;
  }
}

/** The model's slices along `axes[axisIndex]`, every other permuted axis in its current order. */
function modelRows(p: CoupledParameter, axisIndex: number, orders: readonly FeatureOrder[]): Float32Array {
  let data = p.model.data;
  p.axes.forEach(({ axis, classIndex }, k) => {
    if (k !== axisIndex) data = gatherAxis(data, p.shape, axis, orders[classIndex]);
  });
  return sliceRows(data, p.shape, p.axes[axisIndex].axis);
}

function dot(x: Float32Array, xStart: number, y: Float32Array, yStart: number, length: number): number {
  let sum = 0;
  for (let k = 0; k < length; k++) sum += x[xStart + k] * y[yStart + k];
  return sum;
}
