import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InMemoryWeights, permuteModel } from '@otfuse/core';
import { bertTokenizerFiles } from '@otfuse/data';
import { BertArchitecture, type BertConfig } from '@otfuse/hf-bert';
import { openSafetensors, readModelFolder } from '@otfuse/io';
import { expectClose, seededFloats, useTestBackend } from '@otfuse/testing';
import { removeTempFolders, tempFolder } from './__tests__/temp-folder';
import { fuseFolders } from './fuse-folders';
import { writeModel } from './models/write-model';

// The root README's library example is run exactly as printed, against two tiny BERT masked LMs
// (with their tokenizer files) at the paths it names, so the documented API cannot drift from
// the real one, and a folder fused through it carries the anchor's tokenizer.
const root = path.resolve(__dirname, '../../..');
const architecture = new BertArchitecture();
const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'of', 'and', 'to', 'in', 'a', 'that', ',', '.', 'states', 'united', 'congress'];
const TOKENIZER = bertTokenizerFiles(VOCAB);
// 48 positions: the State of the Union data set's default max_length.
const config: BertConfig = architecture.normalizeConfig({
  model_type: 'bert',
  architectures: ['BertForMaskedLM'],
  vocab_size: VOCAB.length,
  hidden_size: 8,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  intermediate_size: 16,
  max_position_embeddings: 48,
});

/** The TypeScript block of the README section `heading`. */
function codeBlock(markdown: string, heading: string): string {
  const section = markdown.split(/^## /m).find((part) => part.startsWith(heading));
  if (!section) throw new Error(`README.md has no section '## ${heading}'`);
  const block = /^```ts\n([\s\S]*?)^```$/m.exec(section);
  if (!block) throw new Error(`README.md section '## ${heading}' has no \`\`\`ts block`);
  return block[1];
}

const seeded = (seed: number) => new InMemoryWeights(architecture.init(config, seed));

/** Writes a BERT folder: config.json, model.safetensors and, unless left out, the tokenizer files. */
function writeBert(dir: string, weights: InMemoryWeights, sideFiles: Record<string, string> = TOKENIZER): void {
  writeModel(dir, { architecture, config, configJson: architecture.configJson(config), weights: new Map(weights.names().map((n) => [n, weights.host(n)])), sideFiles });
}

/** Runs the README's example in `dir`, where its models/bert-a and models/bert-b are. */
function runExample(dir: string): void {
  const code = codeBlock(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), 'As a library');
  expect(code).toMatch(/fuseFolders\(/);
  // One import, from the run package alone.
  expect([...code.matchAll(/\bfrom '([^']+)'/g)].map((m) => m[1])).toEqual(['@otfuse/run']);
  fs.writeFileSync(path.join(dir, 'example.ts'), code);
  const result = spawnSync(process.execPath, ['-r', require.resolve('@swc-node/register'), 'example.ts'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json') },
    timeout: 120_000,
  });
  expect(result.stderr).not.toMatch(/Error|warning/);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^hf-bert fused into .*runs\/bert-fused in \d+\.\d\d s$/m);
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file));

afterAll(removeTempFolders);

describe('README: otfuse as a library', () => {
  beforeAll(async () => {
    await useTestBackend(); // permuting a model runs on tensors
  });

  it('runs the example and writes a fused folder: the anchor’s config.json and tokenizer files, weights of its names and shapes', () => {
    const work = tempFolder();
    writeBert(path.join(work, 'models/bert-a'), seeded(1));
    writeBert(path.join(work, 'models/bert-b'), seeded(2)); // the anchor: the last model
    runExample(work);

    const fused = path.join(work, 'runs/bert-fused');
    const anchor = path.join(work, 'models/bert-b');
    expect(fs.readdirSync(fused).sort()).toEqual(['README.md', 'config.json', 'model.safetensors', ...Object.keys(TOKENIZER)].sort());
    for (const file of ['config.json', ...Object.keys(TOKENIZER)]) expect(read(fused, file).equals(read(anchor, file))).toBe(true);
    const weights = openSafetensors(path.join(fused, 'model.safetensors'));
    const parent = openSafetensors(path.join(anchor, 'model.safetensors'));
    expect(weights.metadata).toEqual({ format: 'pt' });
    expect(weights.names()).toEqual(parent.names());
    for (const name of parent.names()) {
      expect([weights.info(name).dtype, weights.info(name).shape]).toEqual([parent.info(name).dtype, parent.info(name).shape]);
      expect(weights.readAsFloat32(name).data.every(Number.isFinite)).toBe(true);
    }
    weights.close();
    parent.close();
  });

  it('fuses the anchor with a neuron-permuted copy of itself back into the anchor (exact OT)', () => {
    const work = tempFolder();
    const anchor = seeded(2);
    const copy = new InMemoryWeights(permuteModel(architecture.graph(config), anchor, seededFloats(11)));
    const hidden = 'bert.encoder.layer.0.intermediate.dense.weight';
    expect(copy.host(hidden).data).not.toEqual(anchor.host(hidden).data);
    writeBert(path.join(work, 'models/bert-a'), copy);
    writeBert(path.join(work, 'models/bert-b'), anchor);
    runExample(work);

    const fused = readModelFolder(path.join(work, 'runs/bert-fused'));
    expect(fused.weights.names().sort()).toEqual(anchor.names().sort());
    for (const name of anchor.names()) expectClose(fused.weights.readAsFloat32(name).data, anchor.host(name).data, { atol: 1e-6, what: name });
    fused.weights.close();
  });

  it('says that activation mode needs data, and what to do instead', async () => {
    const work = tempFolder();
    const models = [path.join(work, 'models/c'), path.join(work, 'models/d')];
    writeBert(models[0], seeded(3));
    writeBert(models[1], seeded(4));
    await expect(fuseFolders({ models, out: path.join(work, 'runs/none'), log: () => {} })).rejects.toThrow(/data is required .*'wts'/);
    expect(fs.existsSync(path.join(work, 'runs/none'))).toBe(false);
    const { out, anchor } = await fuseFolders({ models, out: path.join(work, 'runs/wts'), options: { mode: 'wts', anchor: 0 }, log: () => {} });
    expect(anchor).toBe(0);
    expect(read(out, 'vocab.txt').equals(read(models[0], 'vocab.txt'))).toBe(true);
  });

  it('warns when the anchor lacks a side file, and writes the folder without it', async () => {
    const work = tempFolder();
    const models = [path.join(work, 'models/e'), path.join(work, 'models/f')];
    writeBert(models[0], seeded(5));
    writeBert(models[1], seeded(6), { 'vocab.txt': TOKENIZER['vocab.txt'] });
    const warnings: string[] = [];
    const { out } = await fuseFolders({ models, out: path.join(work, 'runs/untokenised'), options: { mode: 'wts' }, log: () => {}, warn: (text) => warnings.push(text) });
    expect(warnings).toEqual([`the anchor ${models[1]} has no tokenizer.json, tokenizer_config.json, special_tokens_map.json: the fused folders will lack them`]);
    expect(fs.readdirSync(out).sort()).toEqual(['README.md', 'config.json', 'model.safetensors', 'vocab.txt']);
  });
});
