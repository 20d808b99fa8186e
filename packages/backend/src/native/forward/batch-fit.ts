import * as tf from '@tensorflow/tfjs';
import { TraceRefusal, type KernelTrace, type TraceSource, type TracedConstant, type TracedValue } from './kernel-trace';

/**
 * A trace whose numbers (attributes and shapes) may depend on the batch size: each number n is
 * kept as its value at two batch sizes and taken as linear in the batch size, which the
 * reshapes, tiles and slices of a batched forward pass are. `at(batch)` is the trace a run of
 * that batch size would have recorded; compiling checks it against tfjs on a third size.
 */
export interface BatchedTrace {
  at(batch: number): KernelTrace;
}

/** A constant of the fitted trace: one value everywhere (`fill`) stands for a tensor of that value. */
export type FittedConstant = TracedConstant & { readonly fill?: boolean };

const where = (path: string) => (path === '' ? '' : ` (${path})`);

function sameSource(a: TraceSource, b: TraceSource): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'external') return a.tensor === (b as typeof a).tensor;
  if (a.kind === 'constant' || a.kind === 'input') return a.index === (b as typeof a).index;
  if (a.kind === 'kernel') return a.node === (b as typeof a).node && a.output === (b as typeof a).output;
  return true;
}

/** The two batch sizes of a fit, and the size asked for. */
interface Sizes {
  readonly first: number;
  readonly second: number;
  readonly batch: number;
}

/**
 * Walks two values of the same place in both traces and returns the value at `batch`: equal
 * parts are kept, numbers that differ are extended linearly, anything else is a refusal.
 */
function linearIn(one: unknown, two: unknown, sizes: Sizes, path: string): unknown {
  if (typeof one === 'number' && typeof two === 'number') {
    if (one === two || !Number.isInteger(one) || !Number.isInteger(two)) {
      if (one === two || (Number.isNaN(one) && Number.isNaN(two))) return one;
      throw new TraceRefusal(`a non-integer number changes with the batch size${where(path)}: ${one} at batch ${sizes.first}, ${two} at batch ${sizes.second}`);
    }
    const perExample = (two - one) / (sizes.second - sizes.first);
    if (!Number.isInteger(perExample)) throw new TraceRefusal(`a number is not linear in the batch size${where(path)}: ${one} at batch ${sizes.first}, ${two} at batch ${sizes.second}`);
    return one + perExample * (sizes.batch - sizes.first);
  }
  if (Array.isArray(one) && Array.isArray(two)) {
    if (one.length !== two.length) throw new TraceRefusal(`a list changes length with the batch size${where(path)}`);
    return one.map((item, i) => linearIn(item, two[i], sizes, `${path}[${i}]`));
  }
  if (one !== null && two !== null && typeof one === 'object' && typeof two === 'object') {
    const keys = Object.keys(one);
    if (keys.length !== Object.keys(two).length || keys.some((key) => !(key in two))) {
      throw new TraceRefusal(`attributes change with the batch size${where(path)}`);
    }
    return Object.fromEntries(keys.map((key) => [key, linearIn((one as Record<string, unknown>)[key], (two as Record<string, unknown>)[key], sizes, path ? `${path}.${key}` : key)]));
  }
  if (one !== two) throw new TraceRefusal(`a value changes with the batch size${where(path)}: ${String(one)} at batch ${sizes.first}, ${String(two)} at batch ${sizes.second}`);
  return one;
}

function valueAt(one: TracedValue, two: TracedValue, sizes: Sizes, path: string): TracedValue {
  if (one.dtype !== two.dtype) throw new TraceRefusal(`${path}: the dtype changes with the batch size`);
  return { shape: linearIn(one.shape, two.shape, sizes, `${path} shape`) as number[], dtype: one.dtype };
}

/** The one value every element of `values` holds, or undefined. */
function uniformValue(values: tf.TypedArray): number | undefined {
  if (values.length === 0) return undefined;
  const first = values[0];
  return values.every((v) => v === first) ? first : undefined;
}

const sameValues = (a: TracedConstant, b: TracedConstant) =>
  a.dtype === b.dtype && tf.util.arraysEqual([...a.shape], [...b.shape]) && tf.util.arraysEqual(a.values as unknown as number[], b.values as unknown as number[]);

/**
 * Constant `i` of both traces at `batch`. Besides constants equal in both, two kinds change
 * with the batch size, as gradients make them: a tensor of ones of a batch-dependent shape
 * (the gradient of a mean), kept as a fill; and a scalar count (a mean's divisor), linear.
 */
function constantAt(one: TracedConstant, two: TracedConstant, sizes: Sizes, i: number): FittedConstant {
  if (sameValues(one, two)) return one;
  const fill = uniformValue(one.values);
  if (one.dtype === two.dtype && fill !== undefined && uniformValue(two.values) === fill) {
    const shape = linearIn(one.shape, two.shape, sizes, `constant ${i} shape`) as number[];
    if (shape.length === 0) return one;
    return { shape, dtype: one.dtype, values: one.values.slice(0, 1) as tf.TypedArray, fill: true };
  }
  if (one.shape.length === 0 && two.shape.length === 0 && fill !== undefined) {
    const value = linearIn(fill, two.values[0], sizes, `constant ${i}`) as number;
    const values = one.values.slice() as tf.TypedArray;
    values[0] = value;
    return { shape: [], dtype: one.dtype, values };
  }
  throw new TraceRefusal(`constant ${i} (shape [${one.shape.join(', ')}]) differs between the traces: it depends on the batch size or on the input's values`);
}

/**
 * Checks that two traces of one function, at batch sizes `first` and `second` (1 and 2 unless
 * given), ran the same graph, and extends them to any batch size.
 */
export function fitBatch(one: KernelTrace, two: KernelTrace, first = 1, second = 2): BatchedTrace {
  const label = (n: number) => `batch ${n}`;
  if (one.kernels.length !== two.kernels.length) {
    throw new TraceRefusal(`the function runs ${one.kernels.length} kernels at ${label(first)} but ${two.kernels.length} at ${label(second)}`);
  }
  one.kernels.forEach((k, i) => {
    const other = two.kernels[i];
    const path = `kernel ${i} (${k.name})`;
    if (k.name !== other.name) throw new TraceRefusal(`${path} is ${other.name} at ${label(second)}`);
    if (k.inputs.length !== other.inputs.length || k.inputs.some((input, j) => input.name !== other.inputs[j].name || !sameSource(input.source, other.inputs[j].source))) {
      throw new TraceRefusal(`${path} reads other inputs at ${label(second)}`);
    }
    if (k.outputs.length !== other.outputs.length) throw new TraceRefusal(`${path} has another number of outputs at ${label(second)}`);
  });
  const sameOutputs = one.outputs.length === two.outputs.length && one.outputs.every((o, i) => sameSource(o.source, two.outputs[i].source));
  if (one.constants.length !== two.constants.length || one.inputs.length !== two.inputs.length || !sameOutputs) {
    throw new TraceRefusal(`the function builds another graph at ${label(second)}`);
  }
  // Checked once here: a constant that cannot be fitted refuses the function up front.
  one.constants.forEach((c, i) => constantAt(c, two.constants[i], { first, second, batch: second }, i));
  return {
    at(batch) {
      const sizes = { first, second, batch };
      return {
        readsInput: one.readsInput || two.readsInput,
        inputs: one.inputs.map((input, i) => valueAt(input, two.inputs[i], sizes, `input ${i}`)),
        constants: one.constants.map((c, i) => constantAt(c, two.constants[i], sizes, i)),
        outputs: one.outputs.map((output, i) => ({ ...valueAt(output, two.outputs[i], sizes, `output ${i}`), source: output.source })),
        kernels: one.kernels.map((k, i) => {
          const other = two.kernels[i];
          const path = `kernel ${i} (${k.name})`;
          return {
            name: k.name,
            attrs: linearIn(k.attrs, other.attrs, sizes, path) as Record<string, unknown>,
            inputs: k.inputs.map((input, j) => ({ ...input, ...valueAt(input, other.inputs[j], sizes, `${path} input ${input.name}`) })),
            outputs: k.outputs.map((output, j) => valueAt(output, other.outputs[j], sizes, `${path} output ${j}`)),
          };
        }),
      };
    },
  };
}
