import * as tf from '@tensorflow/tfjs';
import { ArchitecturePlugin, HostTensor, InMemoryWeights } from '@otfuse/core';
import type { Dataset } from '@otfuse/data';
import { ConfigError } from '../config/config-error';

/** `fusion.bn_reset`: how many train examples the normalisation statistics are recomputed on. */
export interface BnResetSettings {
  samples: number;
}

/** Refuses `fusion.bn_reset` for an architecture with no statistics to reset, before any data is read. */
export function checkBnReset(settings: BnResetSettings | undefined, architecture: ArchitecturePlugin): void {
  if (settings && !architecture.resetNormStatistics) {
    throw new ConfigError('INVALID_CONFIG', `fusion.bn_reset: architecture '${architecture.id}' has no normalisation statistics to reset (no resetNormStatistics); remove the section`);
  }
}

/**
 * Every model with its normalisation statistics recomputed on the same first `samples` train
 * examples (all of them, with a warning, when the split has fewer), so fused models compared
 * with each other get the same treatment.
 */
export function resetStatistics<Key extends string>(
  architecture: ArchitecturePlugin,
  config: unknown,
  models: ReadonlyMap<Key, ReadonlyMap<string, HostTensor>>,
  train: Dataset,
  settings: BnResetSettings,
  warn: (text: string) => void,
): { reset: Map<Key, Map<string, HostTensor>>; samples: number } {
  const reset = architecture.resetNormStatistics;
  if (!reset) throw new ConfigError('INVALID_CONFIG', `fusion.bn_reset: architecture '${architecture.id}' has no normalisation statistics to reset`);
  const count = Math.min(settings.samples, train.size);
  if (count < settings.samples) warn(`fusion.bn_reset.samples: ${settings.samples} requested but the train split has ${train.size}; using all of them`);
  const batch = train.get(Array.from({ length: count }, (_, i) => i));
  const inputs = tf.tensor(batch.x, batch.shape, 'float32');
  try {
    const out = new Map<Key, Map<string, HostTensor>>();
    for (const [key, weights] of models) out.set(key, reset.call(architecture, config, new InMemoryWeights(weights), inputs));
    return { reset: out, samples: count };
  } finally {
    inputs.dispose();
  }
}
