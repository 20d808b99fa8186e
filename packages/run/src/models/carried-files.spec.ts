import fs from 'node:fs';
import path from 'node:path';
import { InMemoryWeights } from '@otfuse/core';
import { bertTokenizerFiles } from '@otfuse/data';
import { BertArchitecture } from '@otfuse/hf-bert';
import { useTestBackend } from '@otfuse/testing';
import { parse } from 'yaml';
import { removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { fuseFolders } from '../fuse-folders';
import { carriedFiles } from './carried-files';
import { writeModel } from './write-model';

// What travels with a model: every file of the anchor's folder but its config, weights, exports
// and otfuse's run files, byte for byte, and a card in place of its README.md.
const architecture = new BertArchitecture();
const TOKENIZER = bertTokenizerFiles(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'of', 'and']);
const config = architecture.normalizeConfig({
  model_type: 'bert',
  architectures: ['BertForMaskedLM'],
  vocab_size: 8,
  hidden_size: 8,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  intermediate_size: 16,
  max_position_embeddings: 16,
});
/** Files beside a hub model's weights that are neither weights nor config. */
const EXTRA = { 'generation_config.json': '{ "pad_token_id": 0 }\n', 'merges.txt': '#version: 0.2\n', 'label_notes.txt': 'what the labels mean\n' };
/** Files that stay behind: weights in other formats, the parent's card, its exports, run files, hidden files. */
const LEFT = { 'tf_model.h5': 'h5', 'flax_model.msgpack': 'm', 'pytorch_model.bin.index.json': '{}', 'README.md': '# the parent\n', 'report.json': '{}', 'training.json': '{}', '.gitattributes': '*', 'onnx/model.onnx': 'x' };

function writeBert(dir: string, seed: number, files: Record<string, string>, configJson: Record<string, unknown> = {}): string {
  const weights = new InMemoryWeights(architecture.init(config, seed));
  writeModel(dir, { architecture, config, configJson: { ...architecture.configJson(config), ...configJson }, weights: new Map(weights.names().map((n) => [n, weights.host(n)])), sideFiles: files });
  return dir;
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file));
/** A card's front matter, parsed. */
const frontMatter = (card: string) => parse(/^---\n([\s\S]*?)\n---\n/.exec(card)?.[1] ?? '') as Record<string, unknown>;

beforeAll(useTestBackend);
afterAll(removeTempFolders);

describe('carriedFiles', () => {
  it('reads every top-level file but config, weights, exports, run and hidden files; links only inside the folder', () => {
    const dir = writeBert(path.join(tempFolder(), 'model'), 1, { ...TOKENIZER, ...EXTRA, ...LEFT });
    const outside = writeFile(tempFolder(), 'secret.txt', 'not the model\n');
    fs.symlinkSync(outside, path.join(dir, 'outside.txt'));
    fs.symlinkSync('merges.txt', path.join(dir, 'inside.txt'));
    fs.symlinkSync('onnx', path.join(dir, 'exports'));
    const warnings: string[] = [];
    const files = carriedFiles(dir, (text) => warnings.push(text));
    expect(Object.keys(files).sort()).toEqual([...Object.keys(TOKENIZER), ...Object.keys(EXTRA), 'README.md', 'inside.txt'].sort());
    expect(Buffer.from(files['inside.txt']).toString()).toBe(EXTRA['merges.txt']);
    expect(warnings).toEqual([`${path.join(dir, 'outside.txt')} links outside ${dir}: not carried into the written folders`]);
  });
});

describe('a fused folder', () => {
  it("holds the anchor's files byte-identical and a card naming the parents, not the anchor's README.md", async () => {
    const work = tempFolder();
    const a = writeBert(path.join(work, 'bert-a'), 1, TOKENIZER);
    const b = writeBert(path.join(work, 'bert-b'), 2, { ...TOKENIZER, ...EXTRA, ...LEFT }, { _name_or_path: 'google-bert/bert-base-uncased' });
    const out = path.join(work, 'fused');
    await fuseFolders({ models: [a, b], out, options: { mode: 'wts' }, log: () => undefined, warn: () => undefined });
    expect(fs.readdirSync(out).sort()).toEqual(['README.md', 'config.json', 'model.safetensors', ...Object.keys(TOKENIZER), ...Object.keys(EXTRA)].sort());
    for (const file of [...Object.keys(TOKENIZER), ...Object.keys(EXTRA)]) expect(read(out, file).equals(read(b, file))).toBe(true);
    const card = read(out, 'README.md').toString();
    expect(frontMatter(card)).toEqual({ base_model: ['bert-a', 'google-bert/bert-base-uncased'], library_name: 'transformers', tags: ['otfuse', 'model-fusion'], pipeline_tag: 'fill-mask' });
    expect(card).toContain('# OT fusion of bert-a and google-bert/bert-base-uncased');
    expect(card).toContain('The anchor is `google-bert/bert-base-uncased`');
    expect(card).toContain('| alignment from | weights |');
    expect(card).not.toContain('the parent');
  });
});
