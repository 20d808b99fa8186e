import type { ArchitecturePlugin, HostTensor } from '@otfuse/core';
import type { FloatDtype } from '@otfuse/io';
import type { ModelCard } from './model-card';
import type { IntegerTensors } from './tensor-entries';

/** A model to write, whatever the format: its architecture, its config and weights, and the files it carries. */
export interface ModelToWrite {
  architecture: ArchitecturePlugin;
  /** The plugin's typed config (which tensors the architecture stores as integers depends on it). */
  config: unknown;
  /** The HuggingFace `config.json`, written as it is. */
  configJson: Readonly<Record<string, unknown>>;
  weights: ReadonlyMap<string, HostTensor>;
  /** The tensors to write, by name; default: every one in `weights` (a fused model: the anchor's names). */
  names?: readonly string[];
  /** Tensors the source checkpoint stores as integers (the anchor's, when fusing); the architecture's own are added. */
  storedIntegers?: IntegerTensors;
  /** The dtype the source checkpoint stores its floating-point tensors in (the anchor's, when fusing); default float32. */
  storedFloatDtype?: FloatDtype;
  /**
   * The files beside the weights, by file name: what the model's source folder carries (the
   * anchor's tokenizer, preprocessing and generation files, see `carriedFiles`), or a newly
   * trained model's tokenizer. Required, so that no caller can forget them: a folder without
   * them is not one `from_pretrained` reads whole.
   */
  sideFiles: Readonly<Record<string, string | Uint8Array>>;
  /** A new model's card, written as `README.md` in place of any carried one; absent: the model is its source folder's own (an export). */
  card?: ModelCard;
}

/** Where a writer may write. */
export interface WriteModelOptions {
  /** Replace an existing folder. Default false: an existing folder is refused, untouched. */
  replace?: boolean;
  /** Paths the model was read from: writing to one of them, or to a folder holding one, is refused. */
  inputs?: readonly string[];
}

/**
 * A format models are written in. `write` produces the folder `dir` atomically (complete, or
 * not there at all, and an existing folder left as it was on failure), refusing an existing
 * folder unless `replace` is set and refusing to write over `inputs`.
 */
export interface ModelWriter {
  /** Unique among writers, e.g. `hf-safetensors`. */
  readonly id: string;
  /** One line: what the folder holds and what reads it. */
  readonly description: string;
  write(dir: string, model: ModelToWrite, options: WriteModelOptions): void;
}
