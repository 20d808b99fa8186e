import { FusionError } from '@otfuse/core';
import type { ParameterSpec } from '@otfuse/extension';
import { PatchGrid, VisionConfig, VitConfig, familyGrid } from './config';
import { VisionFamily } from './family';
import { VIT } from './families/vit';
import { readTokens } from './heads';
import { layerKey } from './names';

/** Which tokens of a `[batch, tokens, features]` activation become rows. */
export type SeqFilter = { kind: 'all' } | { kind: 'only_cls' } | { kind: 'window'; size: number };

/** The capture parameters of hf-vit, with the paper's defaults. */
export const VIT_CAPTURE_PARAMETERS: readonly ParameterSpec[] = [
  {
    name: 'seq_filter',
    type: 'string',
    pattern: /none|only_cls|window_[1-9][0-9]*/,
    patternLabel: "'none' | 'only_cls' | 'window_<k>'",
    default: 'window_6',
    description: 'tokens whose activations describe neurons: every token, the CLS token, or CLS (and a DeiT\'s distillation token) plus the central k×k patches',
  },
  {
    name: 'pre_relu',
    type: 'boolean',
    default: true,
    description: 'describe the MLP neurons (intermediate.dense) by their outputs before GELU, as the reference does; false: after',
  },
];

/** Reads a validated `seq_filter`: 'none' (or absent), 'only_cls' or 'window_<k>'. */
export function parseSeqFilter(value: unknown): SeqFilter {
  if (value === undefined || value === 'none') return { kind: 'all' };
  if (value === 'only_cls') return { kind: 'only_cls' };
  const window = typeof value === 'string' ? /^window_([1-9]\d*)$/.exec(value) : null;
  if (window) return { kind: 'window', size: Number(window[1]) };
  throw new FusionError('BAD_OPTION', `expected 'none', 'only_cls' or 'window_<k>', got ${JSON.stringify(value)}`, ['seq_filter']);
}

/**
 * Sequence positions a filter keeps, in sequence order: 0 is the CLS token, then any other
 * prepended token (DeiT's distillation token at 1), then the patch at row r, column c at
 * `prepended + r·cols + c`. A window keeps every prepended token. A `k x k` window starts at row and column
 * `floor((grid - k) / 2)`: exactly central when `grid - k` is even (window_6 on an 8x8 grid keeps
 * rows and columns 1…6), one patch towards the top left otherwise.
 */
export function tokenIndices(filter: SeqFilter, grid: PatchGrid): number[] {
  switch (filter.kind) {
    case 'all':
      return Array.from({ length: grid.tokens }, (_, t) => t);
    case 'only_cls':
      return [0];
    case 'window': {
      const k = filter.size;
      if (k > grid.rows || k > grid.cols) {
        throw new FusionError('BAD_OPTION', `window_${k} needs a patch grid of at least ${k}x${k}; the model's is ${grid.rows}x${grid.cols}`, ['seq_filter']);
      }
      const top = Math.floor((grid.rows - k) / 2);
      const left = Math.floor((grid.cols - k) / 2);
      const prepended = grid.tokens - grid.patches;
      const kept = Array.from({ length: prepended }, (_, t) => t);
      for (let r = top; r < top + k; r++) {
        for (let c = left; c < left + k; c++) kept.push(prepended + r * grid.cols + c);
      }
      return kept;
    }
  }
}

/** Modules of the last block whose rows are the tokens the head reads when a window filter is set. */
function lastBlockReadoutKeys(family: VisionFamily, config: VisionConfig): Set<string> {
  const last = config.numLayers - 1;
  return new Set([layerKey(family, last, 'attention.output.dense'), layerKey(family, last, 'intermediate.dense'), layerKey(family, last, 'output.dense')]);
}

/**
 * The sequence positions captured for module `key`, or `undefined` for every position.
 * The patch-embedding output (patches only, no prepended token) always keeps every patch. With a
 * window filter, the last block's attention output projection, `intermediate.dense` and
 * `output.dense` keep only the tokens the head reads (the CLS token; DeiT's teacher head also
 * reads the distillation token); its query, key and value keep the window.
 */
export function visionKeptTokens(family: VisionFamily, config: VisionConfig, key: string, filter: SeqFilter): number[] | undefined {
  if (key === family.embeddings.patches || filter.kind === 'all') return undefined;
  if (filter.kind === 'window' && lastBlockReadoutKeys(family, config).has(key)) return readTokens(family, config);
  const grid = familyGrid(family, config);
  const kept = tokenIndices(filter, grid);
  return kept.length === grid.tokens ? undefined : kept;
}

/** The positions captured for a ViT's module `key`; see `visionKeptTokens`. */
export const keptTokens = (config: VitConfig, key: string, filter: SeqFilter): number[] | undefined => visionKeptTokens(VIT, config, key, filter);
