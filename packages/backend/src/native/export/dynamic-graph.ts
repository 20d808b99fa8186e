import { ONNX_DATA_TYPES, type OnnxGraph, type OnnxInitializer, type OnnxNode, type OnnxValue } from '../onnx-model';
import { TraceRefusal } from '../forward/kernel-trace';
import { fitPolynomial, monomials, type Monomial, type SizePoint } from './size-polynomial';

/** The symbolic dims of an exported graph, as `transformers`' own exports name them. */
export const BATCH_DIM = 'batch_size';
export const SEQUENCE_DIM = 'sequence_length';

/** Where the graph reads its sizes: the batch is axis 0 of `input`, the sequence length its axis `lengthAxis` (text). */
export interface SizeSource {
  readonly input: string;
  readonly lengthAxis?: number;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const numbers = (values: OnnxInitializer['values']): number[] => Array.from(values as ArrayLike<number | bigint>, Number);

/** Node names and attributes must not depend on the sizes: only constants may. */
function checkSameNodes(graphs: readonly OnnxGraph[]): void {
  const [first, ...rest] = graphs;
  for (const other of rest) {
    if (other.nodes.length !== first.nodes.length || (other.initializers?.length ?? 0) !== (first.initializers?.length ?? 0)) {
      throw new TraceRefusal('the forward pass builds another graph at another batch size or sequence length');
    }
    first.nodes.forEach((node, i) => {
      if (!sameJson(node, other.nodes[i])) throw new TraceRefusal(`node ${i} (${node.opType}) has other inputs or attributes at another size`);
    });
  }
}

/** Emits nodes and constants for the size-dependent numbers, naming every value uniquely. */
class SizeNodes {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  private readonly terms = new Map<string, string>();
  private count = 0;

  constructor(
    private readonly source: SizeSource,
    private readonly termsUsed: readonly Monomial[],
  ) {}

  private emit(opType: string, inputs: readonly string[], attributes?: OnnxNode['attributes']): string {
    const output = `size_${this.count++}`;
    this.nodes.push({ opType, inputs, outputs: [output], attributes });
    return output;
  }

  private int64s(values: readonly number[]): string {
    const name = `size_const_${this.count++}`;
    this.initializers.push({ name, dims: [values.length], values: BigInt64Array.from(values, (v) => BigInt(v)) });
    return name;
  }

  /** `[1]`-shaped int64 of axis `axis` of the size input. */
  private axis(axis: number): string {
    const key = `axis${axis}`;
    let value = this.terms.get(key);
    if (value === undefined) {
      value = this.emit('Slice', [this.emit('Shape', [this.source.input]), this.int64s([axis]), this.int64s([axis + 1])]);
      this.terms.set(key, value);
    }
    return value;
  }

  /** The monomial's value as a `[1]` int64. */
  private term(term: Monomial): string {
    const key = `b${term.batch}s${term.length}`;
    let value = this.terms.get(key);
    if (value === undefined) {
      const factors = [...Array<number>(term.batch).fill(0), ...Array<number>(term.length).fill(this.source.lengthAxis ?? -1)];
      if (factors.includes(-1)) throw new TraceRefusal('a number depends on a sequence length the inputs do not have');
      value = factors.map((axis) => this.axis(axis)).reduce((product, factor) => this.emit('Mul', [product, factor]));
      this.terms.set(key, value);
    }
    return value;
  }

  /** `Σ_j coefficients[·][j] · term_j`, shaped and typed as `like`, under `like`'s name. */
  polynomial(like: OnnxInitializer, coefficients: readonly (readonly number[])[]): void {
    const parts = this.termsUsed.flatMap((term, j) => {
      const column = coefficients.map((row) => row[j]);
      if (column.every((c) => c === 0)) return [];
      const constant = this.int64s(column);
      return [term.batch === 0 && term.length === 0 ? constant : this.emit('Mul', [constant, this.term(term)])];
    });
    let value = parts.length === 0 ? this.int64s(coefficients.map(() => 0)) : parts.reduce((sum, part) => this.emit('Add', [sum, part]));
    if (like.dims.length !== 1) value = this.emit('Reshape', [value, this.int64s(like.dims)]);
    const type = like.values instanceof BigInt64Array ? undefined : like.values instanceof Int32Array ? 'int32' : like.values instanceof Float32Array ? 'float32' : undefined;
    if (!(like.values instanceof BigInt64Array) && type === undefined) throw new TraceRefusal(`constant ${like.name} holds sizes in a type that cannot be computed`);
    this.nodes.push(type === undefined ? { opType: 'Identity', inputs: [value], outputs: [like.name] } : { opType: 'Cast', inputs: [value], outputs: [like.name], attributes: [{ name: 'to', int: ONNX_DATA_TYPES[type] }] });
  }
}

/** One dim of a graph value across the traces: fixed, the batch, the sequence length, or `otherwise`. */
function symbolicDim(sizes: readonly number[], points: readonly SizePoint[], otherwise: () => string | number): string | number {
  if (sizes.every((d) => d === sizes[0])) return sizes[0];
  if (sizes.every((d, i) => d === points[i].batch)) return BATCH_DIM;
  if (sizes.every((d, i) => d === points[i].length)) return SEQUENCE_DIM;
  return otherwise();
}

function symbolicValue(values: readonly OnnxValue[], points: readonly SizePoint[], otherwise: (axis: number) => string | number): OnnxValue {
  const [first] = values;
  const dims = first.dims?.map((_, axis) => symbolicDim(values.map((v) => v.dims?.[axis] as number), points, () => otherwise(axis)));
  return { ...first, dims };
}

/**
 * One graph for every batch size (and sequence length) from the same forward pass translated at
 * each of `points`: the graphs must agree but for constants, and each constant that differs is
 * fitted element by element as a polynomial of the sizes (see `size-polynomial.ts`) and computed
 * in the graph from the shape of `source.input`. Graph inputs and outputs get symbolic dims.
 */
export function dynamicGraph(graphs: readonly OnnxGraph[], points: readonly SizePoint[], source: SizeSource): OnnxGraph {
  checkSameNodes(graphs);
  const terms = monomials(source.lengthAxis !== undefined);
  const sizes = new SizeNodes(source, terms);
  const [first] = graphs;
  const fixed: OnnxInitializer[] = [];
  (first.initializers ?? []).forEach((initializer, i) => {
    const versions = graphs.map((g) => (g.initializers as readonly OnnxInitializer[])[i]);
    const values = versions.map((v) => numbers(v.values));
    if (versions.every((v) => sameJson(v.dims, initializer.dims)) && values.every((v) => sameJson(v, values[0]))) {
      fixed.push(initializer);
      return;
    }
    const where = `constant ${initializer.name} (shape [${initializer.dims.join(', ')}])`;
    if (!versions.every((v) => sameJson(v.dims, initializer.dims))) throw new TraceRefusal(`${where} changes shape with the batch size or sequence length`);
    const coefficients = values[0].map((_, e) => {
      const fit = fitPolynomial(values.map((v) => v[e]), points, terms);
      if (fit === undefined) throw new TraceRefusal(`${where} holds a number that is no polynomial of the batch size and sequence length`);
      return fit;
    });
    sizes.polynomial(initializer, coefficients);
  });
  const refuseInput = (name: string, axis: number) => {
    throw new TraceRefusal(`input ${name} axis ${axis} varies other than as the batch size or sequence length`);
  };
  return {
    nodes: [...sizes.nodes, ...first.nodes],
    initializers: [...fixed, ...sizes.initializers],
    inputs: first.inputs.map((input, i) => symbolicValue(graphs.map((g) => g.inputs[i]), points, (axis) => refuseInput(input.name, axis))),
    outputs: first.outputs.map((output, i) => symbolicValue(graphs.map((g) => g.outputs[i]), points, (axis) => `${output.name}_dim_${axis}`)),
  };
}
