/**
 * An encoder family as data: BERT, RoBERTa, DistilBERT and XLM-RoBERTa are one post-LN encoder
 * whose modules, config keys and heads are named differently. A family file fills this in; the
 * shared code (config, parameters, graph, forward pass, capture keys, init) reads it and never
 * branches on a family's name. Module names are the task models' (`bert.embeddings…`); a base
 * model is stored without `prefix`.
 */

/** How position ids are made: `0…L-1`, or RoBERTa's `padding_idx + 1 + (count of non-padding tokens so far)` (padding at `padding_idx`), as transformers' `create_position_ids_from_input_ids`. */
export type PositionIds = 'absolute' | 'after-padding';

/** `gelu` is the exact, erf-based GELU; `gelu_new` the tanh approximation; `relu` max(0, x). */
export const ENCODER_ACTIVATIONS = ['gelu', 'gelu_new', 'relu'] as const;
export type EncoderActivation = (typeof ENCODER_ACTIVATIONS)[number];

/** A linear or norm module, and other module names of the same output (HuggingFace nests wrappers). */
export interface ModulePoint {
  readonly module: string;
  readonly aliases?: readonly string[];
}

/** An encoder block's modules, by path inside the block, in execution order. */
export interface BlockNames {
  readonly query: string;
  readonly key: string;
  readonly value: string;
  /** The module applied to the attention probabilities (a dropout): it captures them. */
  readonly probs: readonly string[];
  /** Modules whose output is the heads' merged context, before the output projection. */
  readonly context: readonly string[];
  readonly attentionOutput: ModulePoint;
  readonly attentionNorm: ModulePoint;
  readonly ff0: string;
  /** Modules whose output is the MLP's hidden layer after the activation. */
  readonly activated: readonly string[];
  readonly ff1: ModulePoint;
  /** The block's last LayerNorm; the block's own module name is an alias too. */
  readonly outputNorm: ModulePoint;
}

/** Dense + activation on each sequence's first token: a base model's pooler, or a classification head's hidden layer. */
export interface PoolerSpec {
  readonly dense: string;
  readonly activation: 'tanh' | 'relu';
  /** Modules whose output is the activated pooled token. */
  readonly activated: readonly string[];
}

/** The masked-LM transform (dense → activation → LayerNorm) and the decoder tied to the word embeddings. */
export interface MaskedLmSpec {
  readonly dense: string;
  /** The config's `hidden_act`, or a fixed activation (RoBERTa's `lm_head` always uses GELU). */
  readonly activation: 'config' | EncoderActivation;
  readonly activated: readonly string[];
  readonly norm: ModulePoint;
  readonly decoder: string;
  /** The decoder's bias, as the checkpoint stores it (one tensor, tied to the decoder's). */
  readonly bias: string;
  /** Modules whose output is the logits besides the decoder. */
  readonly logits: readonly string[];
}

/** A linear layer with fixed outputs (one per class): on every token, or on the pooled first token. */
export interface OutputLayer {
  readonly module: string;
  readonly reads: 'tokens' | 'pooled';
  /** Output width: the config's `num_labels`, or a fixed count. */
  readonly classes: 'labels' | number;
  readonly aliases?: readonly string[];
}

/**
 * What a head adds to the encoder. Its forward pass returns its masked-LM logits, else its first
 * output layer's, else the pooled output, else the last hidden state (a base model's output).
 */
export interface HeadSpec {
  /** The `transformers` class, as `config.json`'s `architectures` names it. */
  readonly architecture: string;
  /** The task (`@otfuse/train`'s `TASK`) a model with this head is trained and evaluated for. */
  readonly task: string;
  readonly pooler?: PoolerSpec;
  readonly maskedLm?: MaskedLmSpec;
  readonly outputs: readonly OutputLayer[];
}

/** Config fields read from a key of the family's `config.json`. */
export interface ConfigKeys {
  readonly vocabSize: string;
  readonly hiddenSize: string;
  readonly numLayers: string;
  readonly numHeads: string;
  readonly intermediateSize: string;
  readonly hiddenAct: string;
  readonly maxPositions: string;
  readonly padTokenId: string;
  readonly initializerRange: string;
  readonly hiddenDropoutProb: string;
  readonly attentionProbsDropoutProb: string;
  /** Absent: the family fixes the value (`fixed`). */
  readonly typeVocabSize?: string;
  readonly layerNormEps?: string;
  /** A nullable probability (BERT's `classifier_dropout`). */
  readonly classifierDropout?: string;
}

export interface FamilyConfig {
  readonly modelType: string;
  readonly keys: ConfigKeys;
  /** `transformers`' defaults for keys a config leaves out, by key. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Values of fields the family has no key for (DistilBERT: one token type, LayerNorm eps 1e-12). */
  readonly fixed?: { readonly typeVocabSize?: number; readonly layerNormEps?: number };
  /** Keys written as they are, always: the same in every model of the family. */
  readonly constants: Readonly<Record<string, unknown>>;
  /** Keys read as they are (their defaults when absent) and written back: settings of training, not of the eval forward pass. */
  readonly carried?: Readonly<Record<string, unknown>>;
  /** Keys read and ignored. */
  readonly ignored?: readonly string[];
}

export interface EncoderFamily<Head extends string = string> {
  /** The architecture id (`model.type` in experiment files, `otfuse list`). */
  readonly id: string;
  readonly description: string;
  /** The family's name in messages: "BERT". */
  readonly name: string;
  /** The same with its article: "a BERT". */
  readonly label: string;
  readonly config: FamilyConfig;
  /** `base_model_prefix` with its dot: a base model's modules are stored without it. */
  readonly prefix: string;
  readonly embeddings: {
    readonly module: string;
    readonly word: string;
    readonly position: string;
    readonly positionIds: PositionIds;
    /** Absent: no token-type table (every token type must be 0). */
    readonly tokenType?: string;
    readonly norm: string;
  };
  /** The last block's output. */
  readonly encoder: string;
  /** A block's module name as a template with `{i}`. */
  readonly layer: string;
  readonly block: BlockNames;
  readonly heads: Readonly<Record<Head, HeadSpec>>;
  /** What the family's tokenizer `save_pretrained` writes: every folder written from the model carries them. */
  readonly tokenizerFiles: readonly string[];
  /** Checkpoint tensors transformers drops when it loads one of these classes (a masked LM stored with a pretraining head). */
  readonly unusedCheckpointTensors?: readonly RegExp[];
  /** Exported to ONNX for transformers.js (its inputs are BERT's three). */
  readonly onnx?: boolean;
}
