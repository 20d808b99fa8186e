import { BERT_TOKENIZER_FILE_NAMES, bertTokenizerFiles, tokenizerJson } from './tokenizer-files';
import { buildVocabulary } from './vocabulary';
import { WordPieceTokenizer } from './wordpiece';

// A hand-made WordPiece vocabulary (ids in order).
const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'un', '##aff', '##able', 'hello', ',', '!', 'world', 'cafe', 'u', '##n'];

describe('WordPieceTokenizer', () => {
  const tokenizer = new WordPieceTokenizer(VOCAB);

  it('lowercases, strips accents, splits punctuation and cuts words greedily into pieces', () => {
    expect(tokenizer.tokenize('Hello, Café World! unaffable')).toEqual(['hello', ',', 'cafe', 'world', '!', 'un', '##aff', '##able']);
    expect(tokenizer.ids('Hello, Café World! unaffable')).toEqual([9, 10, 13, 12, 11, 6, 7, 8]);
    expect(tokenizer.ids('unknown')).toEqual([1]);
    expect(tokenizer.words('Hello,  Café!')).toEqual(['hello', ',', 'cafe', '!']);
  });

  it('wraps in [CLS] … [SEP], pads to the length and cuts long texts keeping [SEP]', () => {
    const short = tokenizer.encode('the world', 6);
    expect(Array.from(short.inputIds)).toEqual([2, 5, 12, 3, 0, 0]);
    expect(Array.from(short.attentionMask)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(short.length).toBe(4);
    const long = tokenizer.encode('the world the world', 4);
    expect(Array.from(long.inputIds)).toEqual([2, 5, 12, 3]);
    expect(() => tokenizer.encode('the', 1)).toThrow('max_length must be an integer ≥ 2');
  });
});

describe('bertTokenizerFiles', () => {
  it('writes the four files of a BERT tokenizer folder', () => {
    const files = bertTokenizerFiles(VOCAB);
    expect(Object.keys(files)).toEqual([...BERT_TOKENIZER_FILE_NAMES]);
    expect(files['vocab.txt']).toBe(`${VOCAB.join('\n')}\n`);
    const json = JSON.parse(files['tokenizer.json']);
    expect(json.model).toEqual(expect.objectContaining({ type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##' }));
    expect(json.model.vocab.world).toBe(12);
    expect(json.added_tokens.map((t: { id: number; content: string }) => [t.id, t.content])).toEqual([[0, '[PAD]'], [1, '[UNK]'], [2, '[CLS]'], [3, '[SEP]'], [4, '[MASK]']]);
    expect(json.post_processor.special_tokens['[SEP]'].ids).toEqual([3]);
    const config = JSON.parse(files['tokenizer_config.json']);
    expect(config).toEqual(expect.objectContaining({ tokenizer_class: 'BertTokenizer', do_lower_case: true, mask_token: '[MASK]' }));
    expect(Object.keys(config.added_tokens_decoder)).toEqual(['0', '1', '2', '3', '4']);
    expect(JSON.parse(files['special_tokens_map.json'])).toEqual({ cls_token: '[CLS]', mask_token: '[MASK]', pad_token: '[PAD]', sep_token: '[SEP]', unk_token: '[UNK]' });
  });

  it('refuses a vocabulary without a special token, with repeats or with a line break', () => {
    expect(() => tokenizerJson(['[PAD]', 'a'])).toThrow("BERT vocabulary: no '[UNK]' token");
    expect(() => bertTokenizerFiles([...VOCAB, 'the'])).toThrow('tokens repeat');
    expect(() => bertTokenizerFiles([...VOCAB, 'a\nb'])).toThrow('holds a line break');
  });
});

describe('buildVocabulary', () => {
  const pieces = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'cat', 'cats', 'c', 'a', 't', 's', '##c', '##a', '##t', '##s', 'sat', '##at', 'x'];

  it('keeps the special tokens, every character piece the texts need, then the most used pieces', () => {
    // Words: the ×3, cat ×2, cats, sat. Pieces cut by the full list: the 3, cat 2, cats 1, sat 1.
    const vocab = buildVocabulary(['The cat sat.', 'the cats, the cat'], 16, pieces);
    // Character pieces the words use (word starts c, s, t; continuations ##a, ##s, ##t; "h", "e" have no ##-piece here), sorted; then by frequency, ties by code units.
    expect(vocab).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', '##a', '##s', '##t', 'c', 's', 't', 'the', 'cat', 'cats', 'sat']);
    expect(buildVocabulary(['The cat sat.', 'the cats, the cat'], 13, pieces).slice(11)).toEqual(['the', 'cat']);
    expect(() => buildVocabulary(['the cat'], 6, pieces)).toThrow('vocab_size 6 is too small');
  });
});
