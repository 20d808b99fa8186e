/**
 * The four files HuggingFace's `AutoTokenizer.from_pretrained(folder)` reads for an uncased
 * BERT WordPiece tokenizer, written from a vocabulary (token strings in id order). They are what
 * `BertTokenizerFast.save_pretrained` writes, so `transformers` and tokenizers.js (which reads
 * `tokenizer.json` + `tokenizer_config.json`) tokenize alike.
 */

/** The special tokens, in the order they open every vocabulary built here (ids 0 … 4). */
export const BERT_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
export type BertSpecialToken = (typeof BERT_SPECIAL_TOKENS)[number];

/** File name → content (UTF-8 text). */
export type TokenizerFiles = Record<'vocab.txt' | 'tokenizer.json' | 'tokenizer_config.json' | 'special_tokens_map.json', string>;

/** The file names a BERT tokenizer folder holds, in the order they are written. */
export const BERT_TOKENIZER_FILE_NAMES: readonly (keyof TokenizerFiles)[] = ['vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

/** Longest input BERT position tables allow; written as `model_max_length`. */
export const BERT_MODEL_MAX_LENGTH = 512;

function specialIds(vocab: readonly string[]): Record<BertSpecialToken, number> {
  const ids = {} as Record<BertSpecialToken, number>;
  for (const token of BERT_SPECIAL_TOKENS) {
    const id = vocab.indexOf(token);
    if (id < 0) throw new Error(`BERT vocabulary: no '${token}' token`);
    ids[token] = id;
  }
  return ids;
}

const addedToken = (content: string) => ({ content, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true });

/** `tokenizer.json` of the `tokenizers` library for this vocabulary (BertNormalizer, lowercase, WordPiece with `##`). */
export function tokenizerJson(vocab: readonly string[]): Record<string, unknown> {
  const ids = specialIds(vocab);
  const special = (token: BertSpecialToken, typeId: number) => ({ SpecialToken: { id: token, type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: BERT_SPECIAL_TOKENS.map((token) => ({ id: ids[token], ...addedToken(token) })).sort((a, b) => a.id - b.id),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]', 0)],
      pair: [special('[CLS]', 0), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]', 0), { Sequence: { id: 'B', type_id: 1 } }, special('[SEP]', 1)],
      special_tokens: Object.fromEntries((['[CLS]', '[SEP]'] as const).map((token) => [token, { id: token, ids: [ids[token]], tokens: [token] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((token, id) => [token, id])),
    },
  };
}

/** `tokenizer_config.json`: a `BertTokenizer` (uncased), as `transformers` writes it. */
export function tokenizerConfigJson(vocab: readonly string[]): Record<string, unknown> {
  const ids = specialIds(vocab);
  const decoder = Object.fromEntries(BERT_SPECIAL_TOKENS.map((token) => [ids[token], token] as const).sort((a, b) => a[0] - b[0]).map(([id, token]) => [String(id), addedToken(token)]));
  return {
    added_tokens_decoder: decoder,
    clean_up_tokenization_spaces: true,
    cls_token: '[CLS]',
    do_basic_tokenize: true,
    do_lower_case: true,
    mask_token: '[MASK]',
    model_max_length: BERT_MODEL_MAX_LENGTH,
    never_split: null,
    pad_token: '[PAD]',
    sep_token: '[SEP]',
    strip_accents: null,
    tokenize_chinese_chars: true,
    tokenizer_class: 'BertTokenizer',
    unk_token: '[UNK]',
  };
}

/** Every file of the tokenizer folder, as text. Tokens may not contain line breaks (vocab.txt is one per line). */
export function bertTokenizerFiles(vocab: readonly string[]): TokenizerFiles {
  const broken = vocab.findIndex((token) => token.length === 0 || /[\r\n]/.test(token));
  if (broken >= 0) throw new Error(`BERT vocabulary: token ${broken} (${JSON.stringify(vocab[broken])}) is empty or holds a line break`);
  if (new Set(vocab).size !== vocab.length) throw new Error('BERT vocabulary: tokens repeat');
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'vocab.txt': `${vocab.join('\n')}\n`,
    'tokenizer.json': json(tokenizerJson(vocab)),
    'tokenizer_config.json': json(tokenizerConfigJson(vocab)),
    'special_tokens_map.json': json({ cls_token: '[CLS]', mask_token: '[MASK]', pad_token: '[PAD]', sep_token: '[SEP]', unk_token: '[UNK]' }),
  };
}
