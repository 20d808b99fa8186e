import path from 'node:path';
import { ARCHITECTURE, ArchitecturePlugin } from '@otfuse/core';
import { Registry } from '@otfuse/extension';
import { writeModelFolder } from '@otfuse/io';
import { removeTempFolders, tempFolder } from '../__tests__/temp-folder';
import { createContainer } from '../container';
import { tensorEntries } from './tensor-entries';
import { loadParents } from './load-parents';

// Models of every plugin that cannot be fused with the anchor are refused from their configs,
// naming both folders and the difference; models that differ only in widths are accepted.
const container = createContainer();
const plugins = Registry.of(container, ARCHITECTURE).list();

/** Writes a model folder from a config.json, with the plugin's seeded initial weights; `nan` puts a NaN in its first tensor. */
function folder(dir: string, name: string, json: Record<string, unknown>, nan = false): string {
  const architecture = plugins.find((p) => p.detect(json)) as ArchitecturePlugin;
  const config = architecture.normalizeConfig(json);
  const tensors = new Map(Object.entries(architecture.init(config, 1)));
  if (nan) tensors.values().next().value!.data[0] = NaN;
  const target = path.join(dir, name);
  writeModelFolder(target, { config: architecture.configJson(config), tensors: tensorEntries(tensors, [...tensors.keys()], architecture.integerTensors?.(config)) });
  return target;
}

const load = (folders: string[]) => loadParents({ container, folders, anchor: 1, graphOptions: { fuseGenerator: true } });

const mlp = (json: Record<string, unknown> = {}) => ({ model_type: 'otfuse-mlp', input_size: 4, hidden_sizes: [3, 3], num_labels: 2, ...json });
const vit = (json: Record<string, unknown> = {}) => ({
  model_type: 'vit', architectures: ['ViTForImageClassification'], hidden_size: 8, num_hidden_layers: 2, num_attention_heads: 2,
  intermediate_size: 16, image_size: 8, patch_size: 4, num_channels: 1, num_labels: 3, ...json,
});
const bert = (json: Record<string, unknown> = {}) => ({
  model_type: 'bert', architectures: ['BertForSequenceClassification'], vocab_size: 20, hidden_size: 8, num_hidden_layers: 2,
  num_attention_heads: 2, intermediate_size: 16, max_position_embeddings: 6, num_labels: 3, ...json,
});
const resnet = (json: Record<string, unknown> = {}) => ({
  model_type: 'resnet', num_channels: 1, embedding_size: 4, hidden_sizes: [4, 8], depths: [1, 1], layer_type: 'basic', num_labels: 3, ...json,
});
const vgg = (json: Record<string, unknown> = {}) => ({
  model_type: 'otfuse-vgg', num_channels: 1, image_size: 8, layers: [4, 'M', 6, 'M'], classifier_sizes: [8], num_labels: 3, ...json,
});

afterAll(removeTempFolders);

describe('models that cannot be fused together', () => {
  it.each([
    ['another architecture', mlp(), vit(), "other architecture: 'generic-mlp' vs 'hf-vit'"],
    ['a ResNet and a VGG', vgg(), resnet(), "other architecture: 'otfuse-vgg' vs 'hf-resnet'"],
    ['an MLP of another depth', mlp({ hidden_sizes: [3] }), mlp(), 'other depth (hidden_sizes.length): 1 vs 2'],
    ['an MLP with other labels', mlp({ num_labels: 3 }), mlp(), 'other label count (num_labels): 3 vs 2'],
    ['an MLP with other inputs', mlp({ input_size: 5 }), mlp(), 'other input size (input_size): 5 vs 4'],
    ['a ViT of another depth', vit({ num_hidden_layers: 3 }), vit(), 'other depth (num_hidden_layers): 3 vs 2'],
    ['a ViT with other heads', vit({ num_attention_heads: 4 }), vit(), 'other head count (num_attention_heads): 4 vs 2'],
    ['a ViT with other patches', vit({ patch_size: 2 }), vit(), 'other patch size (patch_size): 2 vs 4'],
    ['a ViT with other labels', vit({ num_labels: 5 }), vit(), 'other label count (num_labels): 5 vs 3'],
    ['a BERT with another vocabulary', bert({ vocab_size: 21 }), bert(), 'other vocabulary (vocab_size): 21 vs 20'],
    ['a BERT of another depth', bert({ num_hidden_layers: 1 }), bert(), 'other depth (num_hidden_layers): 1 vs 2'],
    ['a BERT with other heads', bert({ num_attention_heads: 4 }), bert(), 'other head count (num_attention_heads): 4 vs 2'],
    ['a BERT with other labels', bert({ num_labels: 2 }), bert(), 'other label count (num_labels): 2 vs 3'],
    ['a BERT with another head', bert({ architectures: ['BertForMaskedLM'] }), bert(), 'other head (architectures): "BertForMaskedLM" vs "BertForSequenceClassification"'],
    ['a ResNet of another layer type', resnet({ layer_type: 'bottleneck' }), resnet(), 'other layer type (layer_type): "bottleneck" vs "basic"'],
    ['a ResNet of other stage depths', resnet({ depths: [1, 2] }), resnet(), 'other stage depths (depths): [1,2] vs [1,1]'],
    ['a ResNet with other labels', resnet({ num_labels: 4 }), resnet(), 'other label count (num_labels): 4 vs 3'],
    ['a VGG with another layer sequence', vgg({ layers: [4, 4, 'M', 6, 'M'] }), vgg(), 'other layer sequence (C: convolution, M: max pool) (layers): "C C M C M" vs "C M C M"'],
    ['a VGG with other linear layers', vgg({ classifier_sizes: [] }), vgg(), 'other linear depth (classifier_sizes.length): 0 vs 1'],
    ['a VGG with other labels', vgg({ num_labels: 2 }), vgg(), 'other label count (num_labels): 2 vs 3'],
  ])('refuses %s, naming both models and the difference', (_, other, anchor, difference) => {
    const dir = tempFolder();
    const a = folder(dir, 'a', other);
    const b = folder(dir, 'b', anchor);
    expect(() => load([a, b])).toThrow(`model.name_0 (${a}) and the anchor model.name_1 (${b}) cannot be fused together: ${difference}`);
  });

  it('compares configs before reading any tensor', () => {
    // The NaN in the deeper model would be found by the one read of every tensor, which comes later.
    const dir = tempFolder();
    const deeper = folder(dir, 'deep', vit({ num_hidden_layers: 3 }), true);
    const anchor = folder(dir, 'anchor', vit());
    expect(() => load([deeper, anchor])).toThrow('cannot be fused together: other depth (num_hidden_layers): 3 vs 2');
    expect(() => load([folder(dir, 'nan', vit(), true), anchor])).toThrow(/has a non-finite value \(NaN\)/);
  });

  it.each([
    ['MLPs', mlp({ hidden_sizes: [5, 2] }), mlp()],
    ['ViTs', vit({ hidden_size: 12, intermediate_size: 24 }), vit()],
    ['BERTs', bert({ hidden_size: 12, intermediate_size: 20 }), bert()],
    ['ResNets', resnet({ embedding_size: 6, hidden_sizes: [6, 10] }), resnet()],
    ['VGGs', vgg({ layers: [5, 'M', 7, 'M'], classifier_sizes: [10] }), vgg()],
  ])('accepts %s that differ only in widths (heterogeneous fusion)', (_, other, anchor) => {
    const dir = tempFolder();
    const loaded = load([folder(dir, 'a', other), folder(dir, 'b', anchor)]);
    expect(loaded.parents.map((p) => p.index)).toEqual([0, 1]);
    loaded.close();
  });
});
