import { BertArchitecture } from '@otfuse/hf-bert';
import { VitArchitecture } from '@otfuse/hf-vit';
import { MlpArchitecture } from '@otfuse/generic-mlp';
import { parse } from 'yaml';
import { pipelineTag, trainedModelCard } from '../report/model-cards';
import { baseModelName, modelCardText } from './model-card';

const frontMatter = (card: string) => parse(/^---\n([\s\S]*?)\n---\n/.exec(card)?.[1] ?? '') as Record<string, unknown>;

describe('model cards', () => {
  it('name a parent by the hub id its config.json records, else by its folder', () => {
    expect(baseModelName('/models/a', { _name_or_path: 'google/vit-base-patch16-224' })).toBe('google/vit-base-patch16-224');
    expect(baseModelName('/models/a', { _name_or_path: './checkpoints/run-3' })).toBe('a');
    expect(baseModelName('runs/b/', {})).toBe('b');
  });

  it('keep any folder name one YAML string, and a table cell one cell', () => {
    const card = modelCardText({ baseModels: ['seed 1: #a', 'plain-name'], title: 'T', made: ['How.'], scores: { header: ['model', 'accuracy'], rows: [['a | b', '1%']] } });
    expect(frontMatter(card)).toEqual({ base_model: ['seed 1: #a', 'plain-name'], library_name: 'transformers', tags: ['otfuse', 'model-fusion'] });
    expect(card).toContain('| a \\| b | 1% |');
  });

  it('give the pipeline of the task, by what the model reads', () => {
    const vit = new VitArchitecture();
    const vitConfig = vit.normalizeConfig({ model_type: 'vit', architectures: ['ViTForImageClassification'], hidden_size: 8, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 16, image_size: 8, patch_size: 4, num_channels: 1, num_labels: 3 });
    const bert = new BertArchitecture();
    const bertConfig = bert.normalizeConfig({ model_type: 'bert', architectures: ['BertForSequenceClassification'], vocab_size: 12, hidden_size: 8, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 16, max_position_embeddings: 16 });
    expect(pipelineTag(vit, vitConfig, 'classification')).toBe('image-classification');
    expect(pipelineTag(bert, bertConfig, 'classification')).toBe('text-classification');
    expect(pipelineTag(bert, bertConfig, 'masked-lm')).toBe('fill-mask');
    expect(pipelineTag(new MlpArchitecture(), { inputSize: 4, hiddenSizes: [4], numLabels: 2, activation: 'relu', bias: true }, 'classification')).toBeUndefined();
  });

  it('of a model trained from scratch name no base model', () => {
    const score = { task: 'classification', accuracy: 0.5, loss: 0.7, count: 10, predictions: 10 };
    const card = modelCardText(trainedModelCard({ architecture: 'generic-mlp', training: '2 steps', scores: { data: '10 test examples of mnist', rows: [{ name: 'generic-mlp', score }] } }));
    expect(frontMatter(card)).toEqual({ library_name: 'transformers', tags: ['otfuse', 'model-fusion'] });
    expect(card).toContain('from a seeded initialisation: 2 steps.');
    expect(card).toContain('| generic-mlp | 50.00% | 0.7000 |');
  });
});
