import { SeededRandom } from '@otfuse/extension';
import { type Batch, type Dataset, IGNORE_LABEL, type Split, checkIndices } from '../dataset';
import { DataError } from '../errors';
import { maskSequence } from './masking';
import { bertTokenizerFiles } from './tokenizer-files';
import { WordPieceTokenizer } from './wordpiece';

/** What a text data set predicts: one class per passage, the masked tokens, or each next token. */
export type TextTask = 'classification' | 'masked-lm' | 'causal-lm';

/** Contents of a {@link TextDataset}. */
export interface TextDatasetInit {
  name: string;
  split: Split;
  /** The passages, in example order. */
  texts: readonly string[];
  /** One class per passage (classification only). */
  labels?: Int32Array;
  numLabels?: number;
  task: TextTask;
  tokenizer: WordPieceTokenizer;
  /** Tokens per example, [CLS] and [SEP] included: longer passages are cut, shorter ones padded. */
  maxLength: number;
  /** Masked LM: chance a token is chosen (0.15), and the seed of the masks. */
  masking?: { probability: number; seed: number };
}

/** Example `i` of a masked-LM data set is masked by `new SeededRandom(seed · MASK_SEED_STRIDE + i)`. */
export const MASK_SEED_STRIDE = 2 ** 20;

/**
 * Tokenised passages as model inputs, float32. Encoder tasks give BERT's packed layout,
 * `[3, maxLength]` (input_ids, attention_mask, token_type_ids, as `@otfuse/hf-bert` reads it):
 * masked LM's input_ids carry the masks and its labels are `[maxLength]` (the original id at each
 * chosen position, -100 elsewhere); classification has one label per passage. Causal LM gives a
 * decoder's `[2, maxLength]` (input_ids, attention_mask) and labels `[maxLength]` as
 * `transformers` takes them: the input ids, -100 at padding (the model shifts them). A passage
 * is tokenised and masked when first read, the same way whatever the order of reads.
 */
export class TextDataset implements Dataset {
  readonly name: string;
  readonly split: Split;
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  readonly size: number;
  readonly labelShape?: readonly number[];
  readonly assets: Readonly<Record<string, string>>;
  private readonly encoded = new Map<number, { x: Float32Array; y: Int32Array }>();

  constructor(private readonly init: TextDatasetInit) {
    const { name, split, texts, task, tokenizer, maxLength, labels, numLabels } = init;
    if (!Number.isInteger(maxLength) || maxLength < 3) throw new DataError('INVALID_ARGUMENT', `${name}: max_length must be an integer ≥ 3, got ${maxLength}`);
    this.name = name;
    this.split = split;
    this.size = texts.length;
    this.inputShape = [task === 'causal-lm' ? 2 : 3, maxLength];
    if (task === 'causal-lm') {
      this.labelShape = [maxLength];
      this.numClasses = tokenizer.size;
    } else if (task === 'masked-lm') {
      if (!init.masking) throw new DataError('INVALID_ARGUMENT', `${name}: a masked-LM data set needs masking settings`);
      this.labelShape = [maxLength];
      this.numClasses = tokenizer.size;
    } else {
      if (!labels || labels.length !== texts.length || numLabels === undefined) {
        throw new DataError('INVALID_ARGUMENT', `${name}: classification needs one label per passage (${texts.length}) and numLabels`);
      }
      this.numClasses = numLabels;
    }
    this.assets = bertTokenizerFiles(tokenizer.vocab);
  }

  get(indices: ArrayLike<number>): Batch {
    checkIndices(this, indices);
    const [rows, length] = this.inputShape;
    const perLabel = this.labelShape ? length : 1;
    const x = new Float32Array(indices.length * rows * length);
    const y = new Int32Array(indices.length * perLabel);
    for (let row = 0; row < indices.length; row++) {
      const example = this.example(indices[row]);
      x.set(example.x, row * rows * length);
      y.set(example.y, row * perLabel);
    }
    return { x, y, shape: [indices.length, ...this.inputShape], count: indices.length };
  }

  private example(index: number): { x: Float32Array; y: Int32Array } {
    const cached = this.encoded.get(index);
    if (cached) return cached;
    const { tokenizer, texts, masking, labels, task } = this.init;
    const [rows, length] = this.inputShape;
    const sequence = tokenizer.encode(texts[index], length);
    let ids = sequence.inputIds;
    let y: Int32Array;
    if (task === 'causal-lm') {
      y = Int32Array.from(ids, (id, i) => (sequence.attentionMask[i] === 1 ? id : IGNORE_LABEL));
    } else if (masking) {
      // Random replacements are drawn above the special tokens. Candidates: every real token but [CLS] and [SEP].
      const candidates = Array.from({ length: sequence.length - 2 }, (_, i) => i + 1);
      const masked = maskSequence(ids, candidates, {
        probability: masking.probability,
        maskId: tokenizer.special['[MASK]'],
        vocabSize: tokenizer.size,
        firstRandomId: Math.max(...Object.values(tokenizer.special)) + 1,
      }, new SeededRandom(masking.seed * MASK_SEED_STRIDE + index));
      ids = masked.inputIds;
      y = masked.labels;
    } else {
      y = Int32Array.of((labels as Int32Array)[index]);
    }
    const x = new Float32Array(rows * length);
    x.set(ids, 0);
    x.set(sequence.attentionMask, length);
    const example = { x, y };
    this.encoded.set(index, example);
    return example;
  }
}
