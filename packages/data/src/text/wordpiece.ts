import { Tokenizer } from '@huggingface/tokenizers';
import { DataError } from '../errors';
import { BERT_SPECIAL_TOKENS, type BertSpecialToken, tokenizerConfigJson, tokenizerJson } from './tokenizer-files';

/** One encoded sequence: `[CLS] tokens [SEP]`, truncated, then padded to the length asked for. */
export interface EncodedSequence {
  inputIds: Int32Array;
  /** 1 on real tokens ([CLS] and [SEP] included), 0 on padding. */
  attentionMask: Int32Array;
  /** Number of real tokens. */
  length: number;
}

/**
 * An uncased BERT WordPiece tokenizer over a vocabulary: HuggingFace's `tokenizers` pipeline
 * (BertNormalizer → BertPreTokenizer → WordPiece) as tokenizers.js runs it from the same
 * `tokenizer.json` this vocabulary writes, so `transformers` gives the same ids.
 */
export class WordPieceTokenizer {
  readonly vocab: readonly string[];
  readonly special: Readonly<Record<BertSpecialToken, number>>;
  private readonly tokenizer: Tokenizer;

  constructor(vocab: readonly string[]) {
    this.vocab = [...vocab];
    this.tokenizer = new Tokenizer(tokenizerJson(this.vocab), tokenizerConfigJson(this.vocab));
    this.special = Object.fromEntries(BERT_SPECIAL_TOKENS.map((token) => [token, this.vocab.indexOf(token)])) as Record<BertSpecialToken, number>;
  }

  get size(): number {
    return this.vocab.length;
  }

  /** The words BERT's normaliser (lowercase, accents stripped) and pre-tokeniser (white space, punctuation) cut `text` into. */
  words(text: string): string[] {
    const { normalizer, pre_tokenizer: preTokenizer } = this.tokenizer;
    const normalized = normalizer ? normalizer.normalize(text) : text;
    return preTokenizer ? preTokenizer.pre_tokenize_text(normalized) : normalized.split(/\s+/).filter((word) => word.length > 0);
  }

  /** WordPiece tokens of `text`, without special tokens. */
  tokenize(text: string): string[] {
    return this.tokenizer.tokenize(text);
  }

  /** Ids of `text`, without special tokens. */
  ids(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  /** `[CLS] ids [SEP]` truncated to `maxLength` tokens (the [SEP] kept), padded with [PAD] to `maxLength`. */
  encode(text: string, maxLength: number): EncodedSequence {
    if (!Number.isInteger(maxLength) || maxLength < 2) {
      throw new DataError('INVALID_ARGUMENT', `tokenizer: max_length must be an integer ≥ 2 ([CLS] and [SEP]), got ${maxLength}`);
    }
    const body = this.ids(text).slice(0, maxLength - 2);
    const ids = [this.special['[CLS]'], ...body, this.special['[SEP]']];
    const inputIds = new Int32Array(maxLength).fill(this.special['[PAD]']);
    const attentionMask = new Int32Array(maxLength);
    inputIds.set(ids);
    attentionMask.fill(1, 0, ids.length);
    return { inputIds, attentionMask, length: ids.length };
  }
}
