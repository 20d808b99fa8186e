import { readGoldenJson } from '@otfuse/testing';
import { ResnetArchitecture } from './architecture';
import { normalizeResnetConfig, resnetConfigJson } from './config';
import { resnetBlocks } from './layout';

const golden = (variant: string) => readGoldenJson<Record<string, unknown>>('resnet-tiny', variant, 'config.json');

describe('ResNet config.json', () => {
  it('reads the golden configs', () => {
    const labelNames = Array.from({ length: 10 }, (_, i) => `LABEL_${i}`);
    const common = { numChannels: 3, embeddingSize: 16, hiddenAct: 'relu', downsampleInFirstStage: false, downsampleInBottleneck: false, numLabels: 10, labelNames };
    expect(normalizeResnetConfig(golden('basic'))).toEqual({ ...common, hiddenSizes: [16, 32], depths: [1, 2], layerType: 'basic' });
    expect(normalizeResnetConfig(golden('bottleneck'))).toEqual({ ...common, hiddenSizes: [32, 64], depths: [1, 1], layerType: 'bottleneck' });
  });

  it('writes back the config transformers wrote, keys in the same order', () => {
    for (const variant of ['basic', 'bottleneck']) {
      const { transformers_version: version, ...json } = golden(variant);
      expect(JSON.stringify(resnetConfigJson(normalizeResnetConfig(json), { transformers_version: version }))).toBe(JSON.stringify(golden(variant)));
    }
    expect(() => resnetConfigJson(normalizeResnetConfig(golden('basic')), { depths: [1] })).toThrow("config.json › depths: extras may only add keys; 'depths' is written from the model config");
  });

  it("detects ResNetForImageClassification folders only", () => {
    const architecture = new ResnetArchitecture();
    expect(architecture.detect(golden('basic'))).toBe(true);
    expect(architecture.detect({ ...golden('basic'), architectures: ['ResNetBackbone'] })).toBe(false);
    expect(architecture.detect({ model_type: 'vit' })).toBe(false);
  });

  it("takes transformers' defaults for left-out keys", () => {
    const config = normalizeResnetConfig({ model_type: 'resnet' });
    expect(config).toMatchObject({ numChannels: 3, embeddingSize: 64, hiddenSizes: [256, 512, 1024, 2048], depths: [3, 4, 6, 3], layerType: 'bottleneck', hiddenAct: 'relu', numLabels: 2 });
    // ResNet-50: 16 bottleneck layers, a projection shortcut opening each stage.
    const blocks = resnetBlocks(config);
    expect(blocks).toHaveLength(16);
    expect(blocks.filter((b) => b.shortcut).map((b) => b.module)).toEqual([0, 1, 2, 3].map((s) => `resnet.encoder.stages.${s}.layers.0`));
    expect(blocks[3].layers.map((l) => [l.inChannels, l.outChannels, l.kernel, l.stride])).toEqual([[256, 128, 1, 1], [128, 128, 3, 2], [128, 512, 1, 1]]);
  });

  it('puts the stride where the config says', () => {
    const config = (json: Record<string, unknown>) => normalizeResnetConfig({ model_type: 'resnet', embedding_size: 8, hidden_sizes: [8, 16], depths: [1, 1], ...json });
    const strides = (json: Record<string, unknown>) => resnetBlocks(config(json)).map((b) => [b.shortcut?.stride ?? null, ...b.layers.map((l) => l.stride)]);
    expect(strides({ layer_type: 'basic' })).toEqual([[null, 1, 1], [2, 2, 1]]);
    expect(strides({ layer_type: 'basic', downsample_in_first_stage: true })).toEqual([[2, 2, 1], [2, 2, 1]]);
    expect(strides({ layer_type: 'bottleneck' })).toEqual([[null, 1, 1, 1], [2, 1, 2, 1]]);
    expect(strides({ layer_type: 'bottleneck', downsample_in_bottleneck: true })).toEqual([[null, 1, 1, 1], [2, 2, 1, 1]]);
  });

  it('names the key of every problem', () => {
    const valid = golden('basic');
    const problem = (change: Record<string, unknown>) => () => normalizeResnetConfig({ ...valid, ...change });
    expect(problem({ model_type: 'vit' })).toThrow("config.json › model_type: expected 'resnet', got \"vit\"");
    expect(problem({ architectures: ['ResNetBackbone'] })).toThrow("config.json › architectures: expected a list containing 'ResNetForImageClassification'");
    expect(problem({ layer_type: 'preact' })).toThrow('config.json › layer_type: "preact" is not supported; supported: basic, bottleneck');
    expect(problem({ hidden_act: 'gelu_new' })).toThrow('config.json › hidden_act: "gelu_new" is not supported; supported: relu, gelu, silu, swish, tanh');
    expect(problem({ depths: [1] })).toThrow('config.json › depths: names 1 stages but hidden_sizes names 2');
    expect(problem({ hidden_sizes: [16, 0] })).toThrow('config.json › hidden_sizes: expected a non-empty list of positive integers, got [16,0]');
    expect(problem({ layer_type: 'bottleneck', hidden_sizes: [2, 32] })).toThrow('config.json › hidden_sizes: a bottleneck stage needs at least 4 channels (its inner width is a quarter), got 2');
    expect(problem({ downsample_in_first_stage: 1 })).toThrow('config.json › downsample_in_first_stage: expected true or false, got 1');
    expect(problem({ embedding_size: 1.5 })).toThrow('config.json › embedding_size: expected a positive integer, got 1.5');
    expect(problem({ num_labels: 4 })).toThrow('config.json › num_labels: 4 disagrees with id2label, which names 10 labels');
    expect(problem({ id2label: { '0': 'a', '2': 'b' } })).toThrow('config.json › id2label.2: expected label ids 0 … 1, got "2"');
    expect(problem({ embeding_size: 16 })).toThrow('config.json › embeding_size: unknown key');
  });

  it('orders label names by id', () => {
    const config = normalizeResnetConfig({ model_type: 'resnet', id2label: { '1': 'dog', '0': 'cat' } });
    expect(config.labelNames).toEqual(['cat', 'dog']);
    expect(resnetConfigJson(config).label2id).toEqual({ cat: 0, dog: 1 });
  });
});
