import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ArchitecturePlugin, HostTensor } from '@otfuse/core';
import { bertTokenizerFiles } from '@otfuse/data';
import { BertArchitecture, packBertInputs } from '@otfuse/hf-bert';
import { DEIT, VisionArchitecture, VitArchitecture } from '@otfuse/hf-vit';
import { useTestBackend } from '@otfuse/testing';
import { removeTempFolders, tempFolder } from '../../__tests__/temp-folder';
import { writeModel } from '../write-model';
import { onnxFolderWriter } from './onnx-folder-writer';

// Folders written with `output.onnx`, loaded by transformers.js (a child process: see
// transformers-js.cjs) through pipeline(…) and AutoModel…from_pretrained, offline; its logits
// must be otfuse's own forward pass's.

const SCRIPT = path.join(__dirname, '../../__tests__/transformers-js.cjs');
const TOLERANCE = 1e-4;
const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'of', 'and', 'to', 'in', 'a', 'that', ',', '.', 'states', 'united', 'congress'];
const PIXELS = { mean: [0.286], std: [0.353] };

interface Answer {
  pipeline: unknown;
  dims: number[];
  data: number[];
  pixelValues?: { dims: number[]; data: number[] };
  inputIds?: number[];
  attentionMask?: number[];
  tokenTypeIds?: number[];
}

function transformersJs(request: Record<string, unknown>): Answer {
  return JSON.parse(execFileSync(process.execPath, [SCRIPT, JSON.stringify(request)], { encoding: 'utf8', timeout: 120_000 })) as Answer;
}

function largestDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** A model initialised from `configJson`, written with the ONNX files into a fresh folder. */
function writeTiny(architecture: ArchitecturePlugin, configJson: Record<string, unknown>, sideFiles: Record<string, string>): { dir: string; config: unknown; weights: Record<string, HostTensor> } {
  const config = architecture.normalizeConfig(configJson);
  const weights = architecture.init(config, 7);
  const dir = path.join(tempFolder(), 'model');
  const model = { architecture, config, configJson: architecture.configJson(config), weights: new Map(Object.entries(weights)), sideFiles };
  writeModel(dir, model, { writer: onnxFolderWriter({ pixels: PIXELS, quantize: true }) });
  return { dir, config, weights };
}

/** otfuse's logits on tfjs. */
function otfuseLogits(architecture: ArchitecturePlugin, config: unknown, weights: Record<string, HostTensor>, inputs: tf.Tensor): Float32Array {
  return tf.tidy(() => {
    const params = Object.fromEntries(Object.entries(weights).map(([name, t]) => [name, tf.tensor(t.data, t.shape)]));
    return architecture.forward(config, params, inputs).logits.dataSync() as Float32Array;
  });
}

beforeAll(useTestBackend);
afterAll(removeTempFolders);

describe('a ViT folder with output.onnx', () => {
  const vit = new VitArchitecture();
  const labels = { '0': 'T-shirt/top', '1': 'Trouser', '2': 'Pullover' };
  let written: ReturnType<typeof writeTiny>;
  const pixels = Array.from({ length: 64 }, (_, i) => (i * 37) % 256);
  beforeAll(() => {
    const configJson = { model_type: 'vit', architectures: ['ViTForImageClassification'], hidden_size: 16, num_hidden_layers: 2, num_attention_heads: 2, intermediate_size: 32, image_size: 8, patch_size: 4, num_channels: 1, id2label: labels };
    written = writeTiny(vit, configJson, {});
  });

  it('holds the files transformers.js reads', () => {
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));
    expect(files(written.dir).sort()).toEqual(['config.json', 'model.safetensors', 'onnx/model.onnx', 'onnx/model_quantized.onnx', 'preprocessor_config.json']);
    expect(JSON.parse(fs.readFileSync(path.join(written.dir, 'preprocessor_config.json'), 'utf8'))).toMatchObject({ do_normalize: true, image_mean: [0.286], image_std: [0.353], size: { height: 8, width: 8 } });
  });

  it("classifies through pipeline('image-classification') with otfuse's logits", () => {
    const answer = transformersJs({ dir: written.dir, image: { pixels, width: 8, height: 8, channels: 1 } });
    const normalised = pixels.map((p) => (p / 255 - PIXELS.mean[0]) / PIXELS.std[0]);
    expect(largestDifference(answer.pixelValues?.data ?? [], normalised)).toBeLessThan(1e-6);
    const expected = otfuseLogits(vit, written.config, written.weights, tf.tensor4d(normalised, [1, 1, 8, 8]));
    expect(answer.dims).toEqual([1, 3]);
    expect(largestDifference(answer.data, expected)).toBeLessThanOrEqual(TOLERANCE);
    const best = expected.indexOf(Math.max(...expected));
    expect((answer.pipeline as { label: string }[])[0].label).toBe(labels[String(best) as keyof typeof labels]);
  });

  it("loads the int8 file with dtype 'q8', close to fp32", () => {
    const fp32 = transformersJs({ dir: written.dir, image: { pixels, width: 8, height: 8, channels: 1 } });
    const q8 = transformersJs({ dir: written.dir, dtype: 'q8', image: { pixels, width: 8, height: 8, channels: 1 } });
    expect(largestDifference(q8.data, fp32.data)).toBeLessThan(0.05 * Math.max(1, ...fp32.data.map(Math.abs)));
  });
});

describe('a DeiT folder with its teacher head and output.onnx', () => {
  it("classifies through pipeline('image-classification') with otfuse's logits: the CLS and distillation heads averaged", () => {
    const deit = new VisionArchitecture(DEIT);
    const configJson = { model_type: 'deit', architectures: ['DeiTForImageClassificationWithTeacher'], hidden_size: 16, num_hidden_layers: 2, num_attention_heads: 2, intermediate_size: 32, image_size: 8, patch_size: 4, num_channels: 1, num_labels: 3 };
    const written = writeTiny(deit, configJson, {});
    const pixels = Array.from({ length: 64 }, (_, i) => (i * 53) % 256);
    const answer = transformersJs({ dir: written.dir, image: { pixels, width: 8, height: 8, channels: 1 } });
    const normalised = pixels.map((p) => (p / 255 - PIXELS.mean[0]) / PIXELS.std[0]);
    const expected = otfuseLogits(deit, written.config, written.weights, tf.tensor4d(normalised, [1, 1, 8, 8]));
    expect(answer.dims).toEqual([1, 3]);
    expect(largestDifference(answer.data, expected)).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('BERT folders with output.onnx', () => {
  const bert = new BertArchitecture();
  const texts = ['the united states', 'congress of the united states , and the states .'];
  const configJson = (architecture: string) => ({ model_type: 'bert', architectures: [architecture], vocab_size: VOCAB.length, hidden_size: 16, num_hidden_layers: 2, num_attention_heads: 2, intermediate_size: 32, max_position_embeddings: 32 });

  /** The texts through transformers.js, and otfuse on the same token ids. */
  function compare(dir: string, config: unknown, weights: Record<string, HostTensor>, task: string, inputs: string[]): { answer: Answer; expected: Float32Array } {
    const answer = transformersJs({ dir, texts: inputs, task });
    const count = inputs.length;
    const length = (answer.inputIds as number[]).length / count;
    const packed = packBertInputs({ inputIds: answer.inputIds as number[], attentionMask: answer.attentionMask, tokenTypeIds: answer.tokenTypeIds }, count, length);
    return { answer, expected: otfuseLogits(bert, config, weights, packed) };
  }

  it("classifies through pipeline('text-classification') with otfuse's logits, padding included", () => {
    const { dir, config, weights } = writeTiny(bert, { ...configJson('BertForSequenceClassification'), id2label: { '0': 'Democratic', '1': 'Republican' } }, bertTokenizerFiles(VOCAB));
    const { answer, expected } = compare(dir, config, weights, 'text-classification', texts);
    expect(answer.attentionMask).toContain(0);
    expect(largestDifference(answer.data, expected)).toBeLessThanOrEqual(TOLERANCE);
    expect((answer.pipeline as { label: string }[][])[0][0].label).toMatch(/^(Democratic|Republican)$/);
  });

  it("fills masks through pipeline('fill-mask') with otfuse's logits, from a folder that has only vocab.txt", () => {
    const { dir, config, weights } = writeTiny(bert, configJson('BertForMaskedLM'), { 'vocab.txt': bertTokenizerFiles(VOCAB)['vocab.txt'] });
    expect(fs.existsSync(path.join(dir, 'tokenizer.json'))).toBe(true);
    const { answer, expected } = compare(dir, config, weights, 'fill-mask', ['the [MASK] states', 'congress of the [MASK] .']);
    expect(answer.dims).toEqual([2, 7, VOCAB.length]);
    expect(largestDifference(answer.data, expected)).toBeLessThanOrEqual(TOLERANCE);
    expect((answer.pipeline as { token_str: string }[][])[0]).toHaveLength(3);
  });
});
