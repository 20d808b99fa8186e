/**
 * A vision-transformer family as data: ViT and DeiT are one pre-LN encoder over patches whose
 * modules, prepended tokens and heads differ. A family file fills this in; the shared config,
 * parameters, graph, forward pass, token filters, capture keys and init read it and never branch
 * on a family's name. Module names are the task models' (`vit.embeddings…`); a base model is
 * stored without `prefix`.
 */

/** A linear layer with fixed outputs (one per class) on one token of the last hidden state. */
export interface OutputLayer {
  readonly module: string;
  /** The token it reads: 0 is the CLS token, 1 DeiT's distillation token. */
  readonly token: number;
}

/** A base model's pooler: dense (`pooler_output_size` wide) and the config's `pooler_act` on the CLS token. */
export interface PoolerSpec {
  readonly dense: string;
  /** Modules whose output is the activated pooled token. */
  readonly activated: readonly string[];
}

/**
 * What a head adds to the encoder: a pooler (a base model's output), or output layers whose
 * logits are averaged (one layer: its own logits; DeiT's teacher head: the CLS and distillation
 * heads' mean, as transformers computes at inference).
 */
export interface HeadSpec {
  /** The `transformers` class, as `config.json`'s `architectures` names it. */
  readonly architecture: string;
  /** The task (`@otfuse/train`'s `TASK`) a model with this head is trained and evaluated for. */
  readonly task: string;
  readonly pooler?: PoolerSpec;
  readonly outputs: readonly OutputLayer[];
}

export interface VisionFamily<Head extends string = string> {
  /** The architecture id (`model.type` in experiment files, `otfuse list`). */
  readonly id: string;
  readonly description: string;
  /** The family's name in messages: "ViT". */
  readonly name: string;
  /** The same with its article: "a ViT". */
  readonly label: string;
  readonly config: {
    readonly modelType: string;
    /** `transformers`' defaults for keys a config leaves out, by key. */
    readonly defaults: Readonly<Record<string, unknown>>;
    /** The head of a config without `architectures`, as `from_pretrained` of that class reads it. */
    readonly defaultHead: Head;
  };
  /** `base_model_prefix` with its dot: a base model's modules are stored without it. */
  readonly prefix: string;
  readonly embeddings: {
    /** Patch embeddings with the tokens prepended and position embeddings added. */
    readonly module: string;
    /** The patch embeddings (patches only) and the convolution that makes them. */
    readonly patches: string;
    readonly projection: string;
    /**
     * Parameters prepended to the patches, in sequence order: the CLS token first (position 0,
     * what a pooler reads), then any other (DeiT's distillation token); patches follow them.
     */
    readonly tokens: readonly string[];
    readonly position: string;
  };
  /** The last block's output. */
  readonly encoder: string;
  /** A block's module name as a template with `{i}`; its parts are ViT's (`VIT_LAYER_PARTS`). */
  readonly layer: string;
  readonly finalNorm: string;
  /** The base model's module: its output is `last_hidden_state`. */
  readonly model: string;
  readonly heads: Readonly<Record<Head, HeadSpec>>;
  /** Checkpoint tensors transformers drops when it loads one of these classes (a converted checkpoint's unused pooler). */
  readonly unusedCheckpointTensors?: readonly RegExp[];
  /** Exported to ONNX for transformers.js (its input is `pixel_values`). */
  readonly onnx?: boolean;
}
