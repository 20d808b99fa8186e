import { VisionArchitecture } from './architecture';
import { familyGrid } from './config';
import { DEIT } from './families';
import { layerKey } from './names';
import { tokenIndices, visionKeptTokens } from './token-filters';

// DeiT's sequence: the CLS token (0), the distillation token (1), then the patches from 2.
const config = (architecture: string) =>
  new VisionArchitecture(DEIT).normalizeConfig({ model_type: 'deit', architectures: [architecture], hidden_size: 8, num_attention_heads: 2, intermediate_size: 16, num_hidden_layers: 2, image_size: 16, patch_size: 4, num_labels: 3 });

describe('DeiT token filters', () => {
  const teacher = config('DeiTForImageClassificationWithTeacher');
  const classifier = config('DeiTForImageClassification');

  it('counts both prepended tokens: 16 patches, 18 tokens; a window keeps both, then its patches from 2', () => {
    const grid = familyGrid(DEIT, teacher);
    expect(grid).toEqual({ rows: 4, cols: 4, patches: 16, tokens: 18 });
    expect(tokenIndices({ kind: 'window', size: 2 }, grid)).toEqual([0, 1, 2 + 5, 2 + 6, 2 + 9, 2 + 10]);
    expect(tokenIndices({ kind: 'only_cls' }, grid)).toEqual([0]);
  });

  it("keeps, in the last block's attention output and MLP, the tokens the head reads", () => {
    const window = { kind: 'window', size: 2 } as const;
    for (const part of ['attention.output.dense', 'intermediate.dense', 'output.dense'] as const) {
      expect(visionKeptTokens(DEIT, teacher, layerKey(DEIT, 1, part), window)).toEqual([0, 1]);
      expect(visionKeptTokens(DEIT, classifier, layerKey(DEIT, 1, part), window)).toEqual([0]);
      expect(visionKeptTokens(DEIT, teacher, layerKey(DEIT, 0, part), window)).toEqual([0, 1, 7, 8, 11, 12]);
    }
    expect(visionKeptTokens(DEIT, teacher, layerKey(DEIT, 1, 'attention.attention.query'), window)).toEqual([0, 1, 7, 8, 11, 12]);
    expect(visionKeptTokens(DEIT, teacher, DEIT.embeddings.patches, window)).toBeUndefined();
    expect(visionKeptTokens(DEIT, teacher, DEIT.embeddings.module, { kind: 'only_cls' })).toEqual([0]);
  });
});
