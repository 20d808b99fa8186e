import { VitConfig, normalizeVitConfig, patchGrid } from './config';
import { vitLayerKey } from './names';
import { keptTokens, parseSeqFilter, tokenIndices } from './token-filters';

/** Sequence positions of the patches at the given grid rows and columns. */
const patchesAt = (cols: number, rows: number[], columns: number[]) => rows.flatMap((r) => columns.map((c) => 1 + r * cols + c));

const geometry = (imageSize: number, patchSize: number, numLayers = 3): VitConfig =>
  normalizeVitConfig({ model_type: 'vit', hidden_size: 8, num_attention_heads: 2, intermediate_size: 16, num_hidden_layers: numLayers, image_size: imageSize, patch_size: patchSize, num_labels: 3 });

describe('sequence filters', () => {
  it('parses every form and rejects others', () => {
    expect(parseSeqFilter(undefined)).toEqual({ kind: 'all' });
    expect(parseSeqFilter(undefined)).toEqual({ kind: 'all' });
    expect(parseSeqFilter('none')).toEqual({ kind: 'all' });
    expect(parseSeqFilter('only_cls')).toEqual({ kind: 'only_cls' });
    expect(parseSeqFilter('window_6')).toEqual({ kind: 'window', size: 6 });
    expect(() => parseSeqFilter('window_0')).toThrow("seq_filter: expected 'none', 'only_cls' or 'window_<k>', got \"window_0\"");
    expect(() => parseSeqFilter('cls')).toThrow("seq_filter: expected 'none'");
  });

  it('keeps the CLS token and the central window, row-major (8x8 grid, window_6: rows and columns 1-6)', () => {
    const grid = patchGrid({ imageSize: 32, patchSize: 4 });
    expect(tokenIndices({ kind: 'window', size: 6 }, grid)).toEqual([0, ...patchesAt(8, [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6])]);
    expect(tokenIndices({ kind: 'window', size: 2 }, grid)).toEqual([0, 28, 29, 36, 37]);
    expect(tokenIndices({ kind: 'window', size: 8 }, grid)).toEqual(Array.from({ length: 65 }, (_, t) => t));
  });

  it('derives the window from the config geometry (7x7 grid, window_3)', () => {
    const grid = patchGrid(geometry(28, 4));
    expect(grid).toEqual({ rows: 7, cols: 7, patches: 49, tokens: 50 });
    expect(tokenIndices({ kind: 'window', size: 3 }, grid)).toEqual([0, 17, 18, 19, 24, 25, 26, 31, 32, 33]);
  });

  it('centres a window on a 4x4 grid, one patch towards the top left when it cannot be exactly central', () => {
    const grid = patchGrid(geometry(32, 8));
    expect(tokenIndices({ kind: 'window', size: 2 }, grid)).toEqual([0, 6, 7, 10, 11]);
    expect(tokenIndices({ kind: 'window', size: 3 }, grid)).toEqual([0, ...patchesAt(4, [0, 1, 2], [0, 1, 2])]);
    expect(() => tokenIndices({ kind: 'window', size: 5 }, grid)).toThrow("seq_filter: window_5 needs a patch grid of at least 5x5; the model's is 4x4");
  });

  it('applies the per-module rules', () => {
    const config = geometry(28, 4, 3);
    const window = parseSeqFilter('window_3');
    const windowTokens = tokenIndices(window, patchGrid(config));
    expect(keptTokens(config, 'vit.embeddings.patch_embeddings', window)).toBeUndefined();
    expect(keptTokens(config, 'vit.embeddings', window)).toEqual(windowTokens);
    for (const part of ['attention.output.dense', 'intermediate.dense', 'output.dense'] as const) {
      expect(keptTokens(config, vitLayerKey(1, part), window)).toEqual(windowTokens);
      expect(keptTokens(config, vitLayerKey(2, part), window)).toEqual([0]);
    }
    for (const part of ['attention.attention.query', 'attention.attention.key', 'attention.attention.value', 'layernorm_before'] as const) {
      expect(keptTokens(config, vitLayerKey(2, part), window)).toEqual(windowTokens);
    }
    expect(keptTokens(config, vitLayerKey(2), window)).toEqual(windowTokens);
    expect(keptTokens(config, 'vit.embeddings', parseSeqFilter('only_cls'))).toEqual([0]);
    expect(keptTokens(config, vitLayerKey(2, 'output.dense'), parseSeqFilter('none'))).toBeUndefined();
  });
});
