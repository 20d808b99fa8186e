import fs from 'node:fs';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { permuteModel } from '@otfuse/core';
import { bertTokenizerFiles } from '@otfuse/data';
import { BertArchitecture } from '@otfuse/hf-bert';
import { readModelFolder, writeModelFolder } from '@otfuse/io';
import { expectClose, seededFloats } from '@otfuse/testing';
import { removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { CheckpointWeights } from '../models/checkpoint-weights';
import { silentProgress } from '../progress';
import { runFuseExperiment } from './fuse-experiment';
import { fuseReportMarkdown, resultsTable } from '../report/fuse-report';
import { tensorEntries } from '../models/tensor-entries';
import { runTraining } from './train-run';

// Tiny BERTs pre-trained by masked LM on State of the Union passages, one finetuned for party
// classification, then fused: the whole text pipeline, with a 17-token vocabulary.
const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'of', 'and', 'to', 'in', 'a', 'that', ',', '.', 'states', 'united', 'congress'];
const TOKENIZER = bertTokenizerFiles(VOCAB);
const bert = (architecture: string) => ({
  model_type: 'bert',
  architectures: [architecture],
  vocab_size: VOCAB.length,
  hidden_size: 8,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  intermediate_size: 16,
  max_position_embeddings: 16,
});
const data = (dataset: string) => ({ dataset, dir: 'vocab', train_samples: 96, test_samples: 48, params: { max_length: 12 } });

let root: string;
beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  root = tempFolder();
  writeFile(root, 'vocab/vocab.txt', TOKENIZER['vocab.txt']);
});
afterAll(removeTempFolders);

const train = (name: string, content: unknown) => runTraining({ file: writeFile(root, `${name}.yaml`, toYaml(content)), replace: false, progress: silentProgress() });
const mlm = (seed: number) => ({ model: { type: 'hf-bert', config: bert('BertForMaskedLM') }, data: data('sotu-mlm'), train: { seed, steps: 6, batch_size: 16, lr: 0.01 }, output: { dir: `models/mlm-${seed}` } });
const tokenizerFilesOf = (dir: string) => Object.fromEntries(Object.keys(TOKENIZER).map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]));

/** An accuracy is the share of right predictions: in [0, 1], a whole number of them over `predictions`. */
function expectShareOfPredictions(metrics: { accuracy: number; predictions: number } | null | undefined): void {
  const { accuracy, predictions } = metrics as { accuracy: number; predictions: number };
  expect(accuracy).toBeGreaterThanOrEqual(0);
  expect(accuracy).toBeLessThanOrEqual(1);
  expect(Math.abs(accuracy * predictions - Math.round(accuracy * predictions))).toBeLessThan(1e-9 * predictions);
}

/**
 * Chance for a masked token: a uniform guess over the vocabulary. The masked tokens are far from
 * uniform (some 70% [UNK], then a few common words), and a model whose loss is below the uniform
 * guess's log(vocabulary size) has learned that, so a pre-trained masked LM does better.
 */
const MASKED_TOKEN_CHANCE = 1 / VOCAB.length;

/** Writes a copy of a model folder with every hidden neuron permuted: the same function, other weights. */
function writePermutedCopy(from: string, to: string): void {
  const architecture = new BertArchitecture();
  const folder = readModelFolder(path.join(root, from));
  const weights = new CheckpointWeights(folder.weights);
  try {
    const permuted = permuteModel(architecture.graph(architecture.normalizeConfig(folder.config)), weights, seededFloats(11));
    writeModelFolder(path.join(root, to), { config: folder.config, tensors: tensorEntries(permuted, weights.names()), files: TOKENIZER });
  } finally {
    weights.close();
  }
}

describe('BERT on State of the Union text', () => {
  it('pre-trains by masked LM: masked-token accuracy, MLM loss and perplexity, and the folder carries the tokenizer', async () => {
    const { outputDir, summary } = await train('mlm-1', mlm(1));
    expect(summary.test).toEqual({ task: 'masked-lm', accuracy: expect.any(Number), loss: expect.any(Number), count: 48, predictions: expect.any(Number), perplexity: expect.any(Number) });
    expect(summary.test.perplexity).toBeCloseTo(Math.exp(summary.test.loss), 10);
    // 15% of up to 10 real tokens per passage, at least one each.
    expect(summary.test.predictions).toBeGreaterThanOrEqual(48);
    expect(summary.test.predictions).toBeLessThan(48 * 10);
    expect(summary.trainLoss.last).toBeLessThan(Math.log(VOCAB.length));
    expectShareOfPredictions(summary.test);
    expect(summary.test.accuracy).toBeGreaterThan(MASKED_TOKEN_CHANCE);
    expect(fs.readdirSync(outputDir).sort()).toEqual(['README.md', 'config.json', 'model.safetensors', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json', 'training.json', 'vocab.txt']);
    expect(tokenizerFilesOf(outputDir)).toEqual(TOKENIZER);
  });

  it('finetunes the pre-trained encoder for party classification with model.init_from', async () => {
    const seqcls = { ...bert('BertForSequenceClassification'), num_labels: 2, id2label: { 0: 'Democratic', 1: 'Republican' } };
    const { outputDir, summary } = await train('party', {
      model: { type: 'hf-bert', config: seqcls, init_from: 'models/mlm-1' },
      data: data('sotu-party'),
      train: { seed: 5, steps: 2, batch_size: 16, lr: 0.001 },
      output: { dir: 'models/party' },
    });
    expect(summary.test).toEqual({ task: 'classification', accuracy: expect.any(Number), loss: expect.any(Number), count: 48, predictions: 48 });
    // Two small steps from a fresh classifier promise no more than a share of the 48 passages.
    expectShareOfPredictions(summary.test);
    expect(summary.initFrom).toEqual({ dir: path.join(root, 'models/mlm-1'), taken: expect.any(Number), fresh: ['bert.pooler.dense.weight', 'bert.pooler.dense.bias', 'classifier.weight', 'classifier.bias'] });
    // Before two steps the position table was the parent's; unused positions (12 … 15) receive no gradient and stay so.
    const parent = readModelFolder(path.join(root, 'models/mlm-1'));
    const child = readModelFolder(outputDir);
    const name = 'bert.embeddings.position_embeddings.weight';
    expect(child.weights.readAsFloat32(name).data.subarray(12 * 8)).toEqual(parent.weights.readAsFloat32(name).data.subarray(12 * 8));
    parent.weights.close();
    child.weights.close();
    expect(tokenizerFilesOf(outputDir)).toEqual(TOKENIZER);
    await expect(train('unrelated', { ...mlm(3), model: { ...mlm(3).model, init_from: 'vocab' } })).rejects.toThrow('vocab');
  });

  it('fuses two masked LMs, reports MLM metrics and writes the anchor’s tokenizer into every folder', async () => {
    await train('mlm-2', mlm(2));
    const file = writeFile(root, 'fuse.yaml', toYaml({
      model: { name_0: 'models/mlm-1', name_1: 'models/mlm-2', dataset: 'sotu-mlm', type: 'hf_bert' },
      fusion: { type: 'acts', ot_solver: 'emd', acts: { num_samples: 16, seq_filter: null } },
      data: { dir: 'models/mlm-2', train_samples: 64, test_samples: 32, params: { max_length: 12 } },
      finetune: { steps: 2, batch_size: 16, lr: 0.001 },
    }));
    const warnings: string[] = [];
    const { outputDir, report } = await runFuseExperiment({ file, out: path.join(root, 'runs/fused'), replace: false, progress: silentProgress(warnings) });
    expect(warnings).toEqual([]);
    for (const result of report.results) {
      expect(result.oneShot).toEqual(expect.objectContaining({ task: 'masked-lm', count: 32 }));
      expect(result.oneShot?.perplexity).toBeCloseTo(Math.exp(result.oneShot?.loss as number), 10);
      expectShareOfPredictions(result.oneShot);
      if (result.finetuned) expectShareOfPredictions(result.finetuned);
      // The parents are pre-trained masked LMs; an average of two different ones promises nothing more.
      if (result.kind === 'parent') expect(result.oneShot?.accuracy).toBeGreaterThan(MASKED_TOKEN_CHANCE);
    }
    expect(report.results.filter((r) => r.finetuned).map((r) => r.name)).toEqual(['OT fusion', 'vanilla fusion']);
    for (const folder of report.outputs) expect(tokenizerFilesOf(path.join(outputDir, folder))).toEqual(TOKENIZER);
    const markdown = fuseReportMarkdown(report);
    expect(markdown).toContain('| model | masked-token accuracy | MLM loss | perplexity | masked-token accuracy after finetune | MLM loss after finetune | perplexity after finetune |');
    const ot = report.results.find((r) => r.method === 'ot');
    expect(resultsTable(report).split('\n')[0]).toMatch(/^model +masked-token accuracy +MLM loss +perplexity +finetuned masked-token accuracy/);
    expect(resultsTable(report)).toContain(`${(ot?.oneShot?.perplexity as number).toFixed(2)}`);
  });

  it('fuses a masked LM with a neuron-permuted copy of itself by exact OT into the anchor: its weights, its loss and exactly its accuracy', async () => {
    writePermutedCopy('models/mlm-1', 'models/mlm-1-permuted');
    const file = writeFile(root, 'fuse-permuted.yaml', toYaml({
      model: { name_0: 'models/mlm-1-permuted', name_1: 'models/mlm-1', dataset: 'sotu-mlm', type: 'hf_bert' },
      fusion: { type: 'acts', ot_solver: 'emd', acts: { num_samples: 16, seq_filter: null } },
      data: { dir: 'models/mlm-1', train_samples: 64, test_samples: 32, params: { max_length: 12 } },
    }));
    const { outputDir, report } = await runFuseExperiment({ file, out: path.join(root, 'runs/permuted'), replace: false, progress: silentProgress() });
    const scoreOf = (dir: string) => report.results.find((r) => r.kind === 'parent' && r.path === path.join(root, dir))?.oneShot;
    const anchor = scoreOf('models/mlm-1');
    const ot = report.results.find((r) => r.method === 'ot')?.oneShot;
    expectShareOfPredictions(anchor);
    expect(anchor?.accuracy).toBeGreaterThan(MASKED_TOKEN_CHANCE);
    // The copy computes the anchor's function, up to the order of float sums.
    expect(scoreOf('models/mlm-1-permuted')?.loss).toBeCloseTo(anchor?.loss as number, 4);
    expect(ot?.accuracy).toBe(anchor?.accuracy);
    expect(ot?.loss).toBeCloseTo(anchor?.loss as number, 6);
    const fused = readModelFolder(path.join(outputDir, 'otfused'));
    const original = readModelFolder(path.join(root, 'models/mlm-1'));
    const copy = readModelFolder(path.join(root, 'models/mlm-1-permuted'));
    const hidden = 'bert.encoder.layer.0.intermediate.dense.weight';
    expect(copy.weights.readAsFloat32(hidden).data).not.toEqual(original.weights.readAsFloat32(hidden).data);
    expect(fused.weights.names().sort()).toEqual(original.weights.names().sort());
    for (const name of original.weights.names()) {
      expectClose(fused.weights.readAsFloat32(name).data, original.weights.readAsFloat32(name).data, { atol: 1e-6, what: name });
    }
    [fused, original, copy].forEach((folder) => folder.weights.close());
  });

  it('warns when the data set tokenises with another vocabulary than the anchor’s', async () => {
    writeFile(root, 'other/vocab.txt', `${[...VOCAB.slice(0, 5), ...VOCAB.slice(5).reverse()].join('\n')}\n`);
    const file = writeFile(root, 'fuse-other.yaml', toYaml({
      model: { name_0: 'models/mlm-1', name_1: 'models/mlm-2', dataset: 'sotu-mlm', type: 'hf_bert' },
      fusion: { type: 'acts', ot_solver: 'emd', acts: { num_samples: 8, seq_filter: null } },
      data: { dir: 'other', train_samples: 16, test_samples: 16, params: { max_length: 12 } },
    }));
    const warnings: string[] = [];
    await runFuseExperiment({ file, out: path.join(root, 'runs/other'), replace: false, progress: silentProgress(warnings) });
    expect(warnings).toEqual([expect.stringContaining("the data set's vocab.txt differs from the one in the anchor")]);
  });
});
