import type { HostTensor } from '@otfuse/core';
import type { Parent } from '../models/load-parents';
import type { ParameterSource } from './score-plane';

/** What is read of a parent: its index and its checkpoint's tensors. */
type ReadParent = Pick<Parent, 'index'> & { weights: Pick<Parent['weights'], 'names' | 'shape' | 'host' | 'all'> };

/**
 * Parents whose float32 weights take at most this many bytes are kept in memory once read; a
 * larger one (a BERT-base is 440 MB) is read from its checkpoint whenever it is needed, which
 * the operating system's page cache makes cheap beside the forward passes that follow.
 */
export const KEEP_PARENT_BYTES = 128 * 1024 ** 2;

/** The parents' weights for scoring and for the figures, read once or each time by their size. */
export class ParentWeights {
  private readonly kept = new Map<number, ReadonlyMap<string, HostTensor>>();

  constructor(private readonly keepBytes = KEEP_PARENT_BYTES) {}

  /** Every tensor of the parent in memory (kept for the next call when the parent is small). */
  all(parent: ReadParent): ReadonlyMap<string, HostTensor> {
    const kept = this.kept.get(parent.index);
    if (kept) return kept;
    const weights = parent.weights.all();
    if (float32Bytes(parent) <= this.keepBytes) this.kept.set(parent.index, weights);
    return weights;
  }

  /**
   * The parent's tensors by name: from memory when it is small, else read from its checkpoint at
   * each call but the one after it for the same name (a barrier point reads the anchor's
   * parameter twice in a row: for its own term and for the aligned model's).
   */
  source(parent: ReadParent): ParameterSource {
    if (float32Bytes(parent) <= this.keepBytes) return this.all(parent);
    let last: { name: string; tensor: HostTensor } | undefined;
    return {
      get: (name) => {
        if (last?.name !== name) last = { name, tensor: parent.weights.host(name) };
        return last.tensor;
      },
    };
  }

  /** Lets go of the parents kept. */
  clear(): void {
    this.kept.clear();
  }
}

function float32Bytes(parent: ReadParent): number {
  return parent.weights.names().reduce((bytes, name) => bytes + 4 * parent.weights.shape(name).reduce((n, dim) => n * dim, 1), 0);
}
