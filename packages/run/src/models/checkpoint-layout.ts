import type { CheckpointLayout } from '@otfuse/core';
import { ConfigError } from '../config/config-error';
import type { CheckpointWeights } from './checkpoint-weights';

/**
 * A checkpoint read as `from_pretrained` reads it for the architecture's layout: the base model's
 * tensors stored without `basePrefix` read under the model's names (only when no stored tensor
 * has the prefix, as transformers decides), and tied parameters stored anyway left out when they
 * equal their source. A stored tie that differs from its source is refused, naming both.
 */
export function readInLayout(weights: CheckpointWeights, layout: CheckpointLayout, expected: ReadonlyMap<string, unknown>, where: string): CheckpointWeights {
  const renamed = weights.renamed(prefixed(weights.names(), layout.basePrefix, expected));
  const ties = (layout.ties ?? []).filter(([tied, source]) => !expected.has(tied) && renamed.names().includes(tied) && renamed.names().includes(source));
  for (const [tied, source] of ties) {
    if (!sameValues(renamed, tied, source)) {
      throw new ConfigError(
        'INCOMPATIBLE_MODELS',
        `${where}: the weights hold '${renamed.storedName(tied)}', which differs from '${renamed.storedName(source)}'; config.json ties the two (tie_word_embeddings), so they must be equal`,
      );
    }
  }
  return renamed.without(ties.map(([tied]) => tied));
}

/** Model name → stored name of every stored tensor the model has only under `prefix`, when none is stored with it. */
function prefixed(names: readonly string[], prefix: string | undefined, expected: ReadonlyMap<string, unknown>): Map<string, string> {
  if (prefix === undefined || names.some((name) => name.startsWith(prefix))) return new Map();
  return new Map(names.filter((name) => !expected.has(name) && expected.has(prefix + name)).map((name) => [prefix + name, name]));
}

function sameValues(weights: CheckpointWeights, a: string, b: string): boolean {
  const [x, y] = [weights.host(a), weights.host(b)];
  return x.shape.join() === y.shape.join() && x.data.every((value, i) => value === y.data[i]);
}
