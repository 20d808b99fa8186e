import * as tf from '@tensorflow/tfjs';
import { TraceRefusal, type KernelTrace, type TraceSource, type TracedValue } from './kernel-trace';

/**
 * A trace whose numbers (attributes and shapes) may depend on the batch size: each number n is
 * kept as its value at batch 1 and at batch 2, and taken as linear in the batch size, which the
 * reshapes, tiles and slices of a batched forward pass are. `at(batch)` is the trace a run of
 * that batch size would have recorded; compiling checks it against tfjs on a third size.
 */
export interface BatchedTrace {
  at(batch: number): KernelTrace;
}

const where = (path: string) => (path === '' ? '' : ` (${path})`);

function sameSource(a: TraceSource, b: TraceSource): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'external') return a.tensor === (b as typeof a).tensor;
  if (a.kind === 'constant') return a.index === (b as typeof a).index;
  if (a.kind === 'kernel') return a.node === (b as typeof a).node && a.output === (b as typeof a).output;
  return true;
}

/**
 * Walks two values of the same place in both traces and returns the value at `batch`: equal
 * parts are kept, numbers that differ are extended linearly, anything else is a refusal.
 */
function linearIn(one: unknown, two: unknown, batch: number, path: string): unknown {
  if (typeof one === 'number' && typeof two === 'number') {
    if (one === two || !Number.isInteger(one) || !Number.isInteger(two)) {
      if (one === two || (Number.isNaN(one) && Number.isNaN(two))) return one;
      throw new TraceRefusal(`a non-integer number changes with the batch size${where(path)}: ${one} at batch 1, ${two} at batch 2`);
    }
    return one + (two - one) * (batch - 1);
  }
  if (Array.isArray(one) && Array.isArray(two)) {
    if (one.length !== two.length) throw new TraceRefusal(`a list changes length with the batch size${where(path)}`);
    return one.map((item, i) => linearIn(item, two[i], batch, `${path}[${i}]`));
  }
  if (one !== null && two !== null && typeof one === 'object' && typeof two === 'object') {
    const keys = Object.keys(one);
    if (keys.length !== Object.keys(two).length || keys.some((key) => !(key in two))) {
      throw new TraceRefusal(`attributes change with the batch size${where(path)}`);
    }
    return Object.fromEntries(keys.map((key) => [key, linearIn((one as Record<string, unknown>)[key], (two as Record<string, unknown>)[key], batch, path ? `${path}.${key}` : key)]));
  }
  if (one !== two) throw new TraceRefusal(`a value changes with the batch size${where(path)}: ${String(one)} at batch 1, ${String(two)} at batch 2`);
  return one;
}

function valueAt(one: TracedValue, two: TracedValue, batch: number, path: string): TracedValue {
  if (one.dtype !== two.dtype) throw new TraceRefusal(`${path}: the dtype changes with the batch size`);
  return { shape: linearIn(one.shape, two.shape, batch, `${path} shape`) as number[], dtype: one.dtype };
}

/** Checks that two traces of one function, at batch sizes 1 and 2, ran the same graph. */
export function fitBatch(one: KernelTrace, two: KernelTrace): BatchedTrace {
  if (one.kernels.length !== two.kernels.length) {
    throw new TraceRefusal(`the function runs ${one.kernels.length} kernels at batch 1 but ${two.kernels.length} at batch 2`);
  }
  one.kernels.forEach((k, i) => {
    const other = two.kernels[i];
    const path = `kernel ${i} (${k.name})`;
    if (k.name !== other.name) throw new TraceRefusal(`${path} is ${other.name} at batch 2`);
    if (k.inputs.length !== other.inputs.length || k.inputs.some((input, j) => input.name !== other.inputs[j].name || !sameSource(input.source, other.inputs[j].source))) {
      throw new TraceRefusal(`${path} reads other inputs at batch 2`);
    }
    if (k.outputs.length !== other.outputs.length) throw new TraceRefusal(`${path} has another number of outputs at batch 2`);
  });
  if (one.constants.length !== two.constants.length || !sameSource(one.output.source, two.output.source)) {
    throw new TraceRefusal('the function builds another graph at batch 2');
  }
  one.constants.forEach((c, i) => {
    const other = two.constants[i];
    if (c.dtype !== other.dtype || !tf.util.arraysEqual([...c.shape], [...other.shape]) || !tf.util.arraysEqual(c.values as unknown as number[], other.values as unknown as number[])) {
      throw new TraceRefusal(`constant ${i} (shape [${c.shape.join(', ')}]) differs between the traces: it depends on the batch size or on the input's values`);
    }
  });
  return {
    at(batch) {
      return {
        readsInput: one.readsInput || two.readsInput,
        input: valueAt(one.input, two.input, batch, 'input'),
        constants: one.constants,
        output: { ...valueAt(one.output, two.output, batch, 'output'), source: one.output.source },
        kernels: one.kernels.map((k, i) => {
          const other = two.kernels[i];
          const path = `kernel ${i} (${k.name})`;
          return {
            name: k.name,
            attrs: linearIn(k.attrs, other.attrs, batch, path) as Record<string, unknown>,
            inputs: k.inputs.map((input, j) => ({ ...input, ...valueAt(input, other.inputs[j], batch, `${path} input ${input.name}`) })),
            outputs: k.outputs.map((output, j) => valueAt(output, other.outputs[j], batch, `${path} output ${j}`)),
          };
        }),
      };
    },
  };
}
