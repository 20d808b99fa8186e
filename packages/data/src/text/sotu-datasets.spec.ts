import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IGNORE_LABEL, getAll } from '../dataset';
import { DATASETS } from '../factories';
import { openDataset } from '../registry';
import { firstN } from '../views';
import { SOTU_PARTIES, loadSotuCausalLm, loadSotuMaskedLm, loadSotuParty, sotuVocabulary } from './sotu-datasets';
import type { TextDataset } from './text-dataset';
import { bertTokenizerFiles } from './tokenizer-files';
import { WordPieceTokenizer } from './wordpiece';

// A small vocabulary in a model-like folder, so these tests do not build one from the corpus.
const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'of', 'and', 'to', 'in', 'a', 'that', ',', '.', 'states', 'united', 'congress'];
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotu-'));
  fs.writeFileSync(path.join(dir, 'vocab.txt'), bertTokenizerFiles(VOCAB)['vocab.txt']);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The passages of a text data set, in example order. */
const passagesOf = (dataset: TextDataset) => (dataset as unknown as { init: { texts: string[] } }).init.texts;

describe('sotu-mlm', () => {
  it('holds packed BERT inputs and per-token labels: the original id where masked, -100 elsewhere', () => {
    const all = loadSotuMaskedLm({ dir, max_length: 16 });
    const train = firstN(all, 50);
    const tokenizer = new WordPieceTokenizer(VOCAB);
    expect(train.inputShape).toEqual([3, 16]);
    expect(train.labelShape).toEqual([16]);
    expect(train.numClasses).toBe(VOCAB.length);
    expect(Object.keys(train.assets ?? {})).toEqual(['vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']);
    const { x, y, shape } = getAll(train);
    expect(shape).toEqual([50, 3, 16]);
    let labelled = 0;
    let masks = 0;
    for (let e = 0; e < 50; e++) {
      // The passage tokenised without masks: [CLS], its first 14 tokens, [SEP].
      const unmasked = [2, ...tokenizer.ids(passagesOf(all)[e]).slice(0, 14), 3];
      const ids = x.subarray(e * 48, e * 48 + 16);
      const mask = x.subarray(e * 48 + 16, e * 48 + 32);
      const types = x.subarray(e * 48 + 32, e * 48 + 48);
      expect(ids[0]).toBe(2);
      expect(Array.from(types)).toEqual(new Array(16).fill(0));
      const length = mask.reduce((a, b) => a + b, 0);
      expect(length).toBe(unmasked.length);
      for (let t = 0; t < 16; t++) {
        const label = y[e * 16 + t];
        if (label === IGNORE_LABEL) {
          // Unchosen positions keep the passage's token ([PAD] past its end).
          expect(ids[t]).toBe(unmasked[t] ?? 0);
          continue;
        }
        labelled++;
        // Only real tokens other than [CLS] and [SEP] are chosen; the label is the token the input had there.
        expect(t > 0 && t < length - 1).toBe(true);
        expect(label).toBe(unmasked[t]);
        // The input there is [MASK], a random non-special token, or the token itself.
        expect(ids[t] === 4 || ids[t] === label || ids[t] >= 5).toBe(true);
        if (ids[t] === 4) masks++;
      }
    }
    expect(labelled).toBeGreaterThanOrEqual(50);
    // 80% of the chosen positions are masked: a clear majority of this many.
    expect(masks).toBeGreaterThan(labelled / 2);
    // The same example reads the same way again, in any order.
    expect(train.get([7, 3])).toEqual({ ...train.get([7, 3]) });
    expect(Array.from(train.get([3]).y)).toEqual(Array.from(y.subarray(3 * 16, 4 * 16)));
  });

  it('masks with the seed and keeps the test addresses apart', () => {
    const a = loadSotuMaskedLm({ dir, max_length: 16 });
    const b = loadSotuMaskedLm({ dir, max_length: 16, mask_seed: 1 });
    expect(a.get([0]).y).not.toEqual(b.get([0]).y);
    const test = loadSotuMaskedLm({ dir, max_length: 16, split: 'test' });
    expect(test.size).toBeGreaterThan(1000);
    // Whole addresses go to one split (see documentSplit); a few passages recur in other addresses, which quote earlier ones.
    const texts = (d: typeof a) => new Set(passagesOf(d));
    const trainTexts = texts(a);
    const shared = [...texts(test)].filter((t) => trainTexts.has(t));
    expect(shared.length).toBeLessThan(0.01 * test.size);
  });
});

describe('sotu-clm', () => {
  it('holds decoder inputs (ids, attention mask) and labels that are the ids, -100 at padding', async () => {
    const test = await openDataset(DATASETS.get('sotu-clm'), { split: 'test', dir, max_length: 12 });
    const tokenizer = new WordPieceTokenizer(VOCAB);
    expect(test.inputShape).toEqual([2, 12]);
    expect(test.labelShape).toEqual([12]);
    expect(test.numClasses).toBe(VOCAB.length);
    const { x, y, shape } = getAll(firstN(test, 30));
    expect(shape).toEqual([30, 2, 12]);
    for (let e = 0; e < 30; e++) {
      // The passage as the tokenizer reads it: [CLS], up to 10 tokens, [SEP], then padding.
      const tokens = [2, ...tokenizer.ids(passagesOf(test as TextDataset)[e]).slice(0, 10), 3];
      const expectedIds = Array.from({ length: 12 }, (_, t) => tokens[t] ?? 0);
      expect(Array.from(x.subarray(e * 24, e * 24 + 12))).toEqual(expectedIds);
      expect(Array.from(x.subarray(e * 24 + 12, e * 24 + 24))).toEqual(expectedIds.map((_, t) => (t < tokens.length ? 1 : 0)));
      expect(Array.from(y.subarray(e * 12, e * 12 + 12))).toEqual(expectedIds.map((id, t) => (t < tokens.length ? id : IGNORE_LABEL)));
    }
    // The same passages as the other SOTU sets, split the same way.
    expect(passagesOf(loadSotuCausalLm({ dir, split: 'test' }))).toEqual(passagesOf(loadSotuMaskedLm({ dir, split: 'test' })));
  });
});

describe('sotu-party', () => {
  it('labels passages Democratic (0) or Republican (1) and opens through the registry', async () => {
    const test = await openDataset(DATASETS.get('sotu-party'), { split: 'test', dir, max_length: 8 });
    expect(test.numClasses).toBe(2);
    expect(test.labelShape).toBeUndefined();
    const { y, shape } = getAll(firstN(test, 400));
    expect(shape).toEqual([400, 3, 8]);
    const counts = [0, 0];
    y.forEach((label) => counts[label]++);
    expect(counts[0] + counts[1]).toBe(400);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBeGreaterThan(0);
    expect(SOTU_PARTIES).toEqual(['Democratic', 'Republican']);
    expect(loadSotuParty({ dir }).size + test.size).toBeLessThan(loadSotuMaskedLm({ dir }).size + loadSotuMaskedLm({ dir, split: 'test' }).size);
  });

  it('names the folder that has no vocab.txt', () => {
    expect(() => loadSotuParty({ dir: path.join(dir, 'nowhere') })).toThrow(`${path.join(dir, 'nowhere', 'vocab.txt')}: no vocab.txt`);
  });
});

describe('sotuVocabulary', () => {
  it('builds the same vocabulary every time, specials first, and tokenises the corpus without [UNK]', () => {
    const vocab = sotuVocabulary(600);
    expect(vocab).toHaveLength(600);
    expect(vocab.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    expect(vocab).toContain('the');
    expect(new Set(vocab).size).toBe(600);
    const tokenizer = new WordPieceTokenizer(vocab);
    const ids = tokenizer.ids('The Congress of the United States, in its wisdom, appropriated $1,000,000 for harbors.');
    expect(ids).not.toContain(1);
  });
});
