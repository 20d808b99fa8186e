import path from 'node:path';
import { InMemoryWeights } from '@otfuse/core';
import { BertArchitecture } from '@otfuse/hf-bert';
import { VitArchitecture } from '@otfuse/hf-vit';
import { removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { writeModel } from '../models/write-model';
import { planFuseExperiment } from './plan-experiment';

// `fusion.acts.seq_filter` is a capture parameter of the architecture: the file is read with
// the architecture's own grammar, which the schema cannot know before the models are opened.
const bert = new BertArchitecture();
const vit = new VitArchitecture();
const BERT = bert.normalizeConfig({ model_type: 'bert', architectures: ['BertForMaskedLM'], vocab_size: 12, hidden_size: 8, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 16, max_position_embeddings: 16 });
const VIT = vit.normalizeConfig({ model_type: 'vit', architectures: ['ViTForImageClassification'], hidden_size: 8, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 16, image_size: 8, patch_size: 4, num_channels: 1, num_labels: 3 });

let root: string;
beforeAll(() => {
  root = tempFolder();
  for (const seed of [1, 2]) {
    for (const [name, architecture, config] of [['bert', bert, BERT], ['vit', vit, VIT]] as const) {
      const weights = new InMemoryWeights(architecture.init(config as never, seed));
      writeModel(path.join(root, `${name}-${seed}`), { architecture, config, configJson: architecture.configJson(config as never), weights: new Map(weights.names().map((n) => [n, weights.host(n)])), sideFiles: {} });
    }
  }
});
afterAll(removeTempFolders);

const plan = (name: string, dataset: string, seqFilter: string) =>
  planFuseExperiment(writeFile(root, `${name}.yaml`, toYaml({ model: { name_0: `${name}-1`, name_1: `${name}-2`, dataset }, fusion: { type: 'acts', acts: { seq_filter: seqFilter } } })));

describe('fusion.acts.seq_filter in the architecture’s grammar', () => {
  it('accepts sample_<k> and all_positions for BERT', () => {
    expect(plan('bert', 'sotu-mlm', 'sample_32')).toMatch(/^architecture hf-bert; activations/);
    expect(plan('bert', 'sotu-mlm', 'all_positions')).toMatch(/^architecture hf-bert; activations/);
  });

  it("refuses sample_<k> for ViT, naming the key, the value and ViT's grammar", () => {
    expect(plan('vit', 'mnist', 'window_2')).toMatch(/^architecture hf-vit; activations/);
    expect(() => plan('vit', 'mnist', 'sample_32')).toThrow("fusion.acts.seq_filter: architecture 'hf-vit': parameter 'seq_filter' must be 'none' | 'only_cls' | 'window_<k>', got 'sample_32'");
  });
});
