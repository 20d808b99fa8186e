import { IGNORE_LABEL, getAll } from '../dataset';
import { DATASETS } from '../factories';
import { openDataset } from '../registry';
import { firstN } from '../views';
import { corpusVocabulary } from './corpus';
import { mobyDickParts } from './moby-dick';
import { MOBY_DICK_CORPUS, loadMobyDickCausalLm } from './moby-dick-datasets';
import type { TextDataset } from './text-dataset';

/** The passages of a text data set, in example order. */
const passagesOf = (dataset: TextDataset) => (dataset as unknown as { init: { texts: string[] } }).init.texts;

describe('Moby-Dick', () => {
  it('reads the book from its npm package: etymology, extracts, 135 chapters and the epilogue, in order', () => {
    const parts = mobyDickParts();
    expect(parts).toHaveLength(138);
    expect(parts.map((p) => p.chapter).slice(0, 4)).toEqual(['Etymology', 'Extracts', '1', '2']);
    expect(parts[2].title).toBe('Loomings.');
    expect(parts[2].text.startsWith('Call me Ishmael.')).toBe(true);
    expect(parts[137].chapter).toBe('Epilogue');
    expect(parts.reduce((words, p) => words + p.text.split(/\s+/).length, 0)).toBeGreaterThan(200_000);
  });

  it('builds its own vocabulary, with the words of the book', () => {
    const vocab = corpusVocabulary(MOBY_DICK_CORPUS, 400);
    expect(vocab.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    expect(vocab).toContain('whale');
  });
});

describe('moby-dick-clm', () => {
  it('opens through the registry: decoder inputs and labels that are the ids, -100 at padding, split by whole chapters', async () => {
    const params = { split: 'test', vocab_size: 400, max_length: 32 } as const;
    const test = await openDataset(DATASETS.get('moby-dick-clm'), params);
    expect(test.inputShape).toEqual([2, 32]);
    expect(test.labelShape).toEqual([32]);
    expect(test.numClasses).toBe(400);
    const { x, y, shape } = getAll(firstN(test, 20));
    expect(shape).toEqual([20, 2, 32]);
    for (let e = 0; e < 20; e++) {
      const ids = x.subarray(e * 64, e * 64 + 32);
      const mask = x.subarray(e * 64 + 32, e * 64 + 64);
      expect(ids[0]).toBe(2);
      expect(Array.from(y.subarray(e * 32, e * 32 + 32))).toEqual(Array.from(ids, (id, t) => (mask[t] === 1 ? id : IGNORE_LABEL)));
    }
    // Every passage comes from one split's chapters; the same seed gives the same passages.
    const train = passagesOf(loadMobyDickCausalLm({ ...params, split: 'train' }));
    const testPassages = new Set(passagesOf(test as TextDataset));
    expect(train.filter((p) => testPassages.has(p)).length).toBeLessThan(5);
    expect(train.length + testPassages.size).toBeGreaterThan(4000);
    expect(passagesOf(loadMobyDickCausalLm(params))).toEqual([...testPassages]);
    expect(passagesOf(loadMobyDickCausalLm({ ...params, split_seed: 1 }))).not.toEqual([...testPassages]);
  });
});
