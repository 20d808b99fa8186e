/**
 * Tensors a checkpoint may hold that are no parameter of the model: left out on load, and named
 * once, as transformers does ("Some weights of the checkpoint at … were not used").
 */
import type { ArchitecturePlugin } from '@otfuse/core';

/**
 * Buffers transformers registers and stores with the weights of every model but never learns:
 * BERT's (and RoBERTa's, DistilBERT's…) `embeddings.position_ids` and `embeddings.token_type_ids`,
 * and the causal masks of old GPT-2 checkpoints, `attn.bias` and `attn.masked_bias`. An
 * architecture adds its own patterns with `unusedCheckpointTensors`.
 */
export const KNOWN_UNUSED_BUFFERS: readonly RegExp[] = [/(^|\.)embeddings\.(position_ids|token_type_ids)$/, /(^|\.)attn\.(bias|masked_bias)$/];

/** The names of `extra` (tensors config.json does not describe) the model may leave out. */
export function unusedTensors(extra: readonly string[], architecture: ArchitecturePlugin): string[] {
  const patterns = [...KNOWN_UNUSED_BUFFERS, ...(architecture.unusedCheckpointTensors ?? [])];
  return extra.filter((name) => patterns.some((pattern) => pattern.test(name)));
}

const LISTED = 10;

/** The one line that says which tensors of the checkpoint in `dir` were left out. */
export function unusedTensorsNotice(dir: string, names: readonly string[]): string {
  const more = names.length > LISTED ? `, … (${names.length} in all)` : '';
  return `Some weights of the checkpoint at ${dir} were not used: ${names.slice(0, LISTED).join(', ')}${more}`;
}
