import { name } from '../graph/builder';
import { checkCaptureKeys } from './capture-keys';

/** A transformer's capturable modules: embeddings, `count` blocks with the same parts, a head. */
export interface LayerStack {
  embeddings: readonly string[];
  /** A block's module name as a template with `{i}`, e.g. `bert.encoder.layer.{i}`. */
  layer: string;
  /** Sub-modules of a block, by path inside it, in execution order. */
  parts: readonly string[];
  count: number;
  head: readonly string[];
}

/** The module names each stage of a layer stack can capture, in execution order: a block's parts, then the block. */
export class LayerStackKeys {
  readonly embeddings: string[];
  readonly layers: string[][];
  readonly head: string[];

  constructor(private readonly stack: LayerStack) {
    this.embeddings = [...stack.embeddings];
    this.layers = Array.from({ length: stack.count }, (_, i) => [...stack.parts.map((part) => `${name(stack.layer, { i })}.${part}`), name(stack.layer, { i })]);
    this.head = [...stack.head];
  }

  /** Every capturable module name, in execution order. */
  all(): string[] {
    return [...this.embeddings, ...this.layers.flat(), ...this.head];
  }

  /** Throws MISSING_ACTIVATION for a wanted key that is not a module of `model`, listing blocks by pattern. */
  check(wanted: Iterable<string>, model: string): void {
    const blocks = `${name(this.stack.layer, { i: `<0…${this.stack.count - 1}>` })} and its parts (${this.stack.parts.join(', ')})`;
    checkCaptureKeys(wanted, this.all(), `a module of this ${model}`, [...this.embeddings, blocks, ...this.head].join(', '));
  }
}
