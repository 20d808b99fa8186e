/**
 * What a tensor is to the module that owns it. It decides how `initParameters` draws it; a bias
 * knows whether its module is a linear layer or a convolution, since initialisers treat them apart.
 */
export type ParameterKind =
  | 'linear'
  | 'linear-bias'
  | 'conv'
  | 'conv-bias'
  | 'embedding'
  | 'norm-scale'
  | 'norm-shift'
  | 'running-mean'
  | 'running-var'
  | 'batch-count';

export interface ParameterEntry {
  shape: readonly number[];
  kind: ParameterKind;
  /** Inputs per output of the weight the tensor belongs to (a bias shares its weight's); absent for the rest. */
  fanIn?: number;
}

/** `nn.BatchNorm2d`'s tensors in `state_dict` order: γ, β, the running statistics, the batch counter. */
export const BATCH_NORM_TENSORS = ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked'] as const;
const BATCH_NORM_KINDS: readonly ParameterKind[] = ['norm-scale', 'norm-shift', 'running-mean', 'running-var', 'batch-count'];

/**
 * A model's parameters, declared once in checkpoint order, module by module: the shape table
 * (`parameterShapes`), the initial values (`initParameters`), the parameter check
 * (`checkParameters`) and each stage's parameters (`namesUnder`) all derive from it.
 */
export class ParameterTable {
  private readonly entries = new Map<string, ParameterEntry>();

  add(name: string, shape: readonly number[], kind: ParameterKind, fanIn?: number): this {
    this.entries.set(name, { shape: [...shape], kind, fanIn });
    return this;
  }

  /** `nn.Linear` as `<module>.weight [out, …inputs]` and `<module>.bias [out]`; `inputs` may be a shape (a flattened map stored unflattened). */
  linear(module: string, out: number, inputs: number | readonly number[], bias = true): this {
    const inShape = typeof inputs === 'number' ? [inputs] : inputs;
    const fanIn = inShape.reduce((a, b) => a * b, 1);
    this.add(`${module}.weight`, [out, ...inShape], 'linear', fanIn);
    return bias ? this.add(`${module}.bias`, [out], 'linear-bias', fanIn) : this;
  }

  /** `nn.Conv2d` as `<module>.weight [out, in, k, k]`, and `<module>.bias [out]` when it has one. */
  conv(module: string, out: number, inChannels: number, kernel: number, bias = false): this {
    const fanIn = inChannels * kernel * kernel;
    this.add(`${module}.weight`, [out, inChannels, kernel, kernel], 'conv', fanIn);
    return bias ? this.add(`${module}.bias`, [out], 'conv-bias', fanIn) : this;
  }

  /** `nn.LayerNorm` as `<module>.weight` and `<module>.bias`, `[width]` each. */
  layerNorm(module: string, width: number): this {
    return this.add(`${module}.weight`, [width], 'norm-scale').add(`${module}.bias`, [width], 'norm-shift');
  }

  /** `nn.BatchNorm2d`: γ, β and the running statistics `[channels]`, the batch counter `[]`. */
  batchNorm(module: string, channels: number): this {
    BATCH_NORM_TENSORS.forEach((tensor, i) => this.add(`${module}.${tensor}`, tensor === 'num_batches_tracked' ? [] : [channels], BATCH_NORM_KINDS[i]));
    return this;
  }

  /** A learned table or token by its full name (`nn.Embedding`'s `<module>.weight`, a CLS token). */
  embedding(name: string, shape: readonly number[]): this {
    return this.add(name, shape, 'embedding');
  }

  /** Every parameter with its shape, in declaration order: an architecture's `parameterShapes`. */
  shapes(): Map<string, number[]> {
    return new Map([...this.entries].map(([name, entry]) => [name, [...entry.shape]]));
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The parameters of `modules` and of every module inside them (`bert.pooler` holds `bert.pooler.dense.weight`). */
  namesUnder(modules: readonly string[]): string[] {
    return this.names().filter((name) => modules.some((module) => name.startsWith(`${module}.`)));
  }

  [Symbol.iterator](): IterableIterator<[string, ParameterEntry]> {
    return this.entries[Symbol.iterator]();
  }
}
