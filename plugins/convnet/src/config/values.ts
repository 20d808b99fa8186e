import { FusionError } from '@otfuse/core';

export type Json = Readonly<Record<string, unknown>>;

/** A `config.json` problem, naming the key. */
export function bad(key: string, detail: string): never {
  throw new FusionError('BAD_OPTION', detail, ['config.json', key]);
}

/**
 * HuggingFace bookkeeping keys that change neither the weights nor the eval outputs of an
 * image classifier: dtype and version stamps, output flags, the backbone's output selection
 * (`out_features`, `out_indices`, `stage_names`: for `ResNetBackbone`, not the classifier).
 */
export const BOOKKEEPING_KEYS = [
  'torch_dtype', 'dtype', 'transformers_version', '_name_or_path', 'problem_type', 'output_hidden_states',
  'output_attentions', 'return_dict', 'torchscript', 'use_bfloat16', 'chunk_size_feed_forward', 'is_encoder_decoder',
  'is_decoder', 'add_cross_attention', 'tie_word_embeddings', 'finetuning_task', 'out_features', 'out_indices', 'stage_names',
];

/** Rejects keys outside `read` and the bookkeeping keys. */
export function checkKnownKeys(json: Json, read: readonly string[], what: string): void {
  const known = new Set([...read, ...BOOKKEEPING_KEYS]);
  for (const key of Object.keys(json)) {
    if (!known.has(key)) bad(key, `unknown key; ${what} config.json is read from ${read.join(', ')} (plus HuggingFace's bookkeeping keys)`);
  }
}

/** `json[key]`, or the default when the key is left out (as `from_pretrained` does). */
export class ConfigReader<Defaults extends Record<string, unknown>> {
  constructor(
    private readonly json: Json,
    private readonly defaults: Defaults,
  ) {}

  value(key: keyof Defaults & string): unknown {
    return this.json[key] ?? this.defaults[key];
  }

  positiveInteger(key: keyof Defaults & string): number {
    const value = this.value(key);
    if (!Number.isInteger(value) || (value as number) <= 0) bad(key, `expected a positive integer, got ${JSON.stringify(value)}`);
    return value as number;
  }

  boolean(key: keyof Defaults & string): boolean {
    const value = this.value(key);
    if (typeof value !== 'boolean') bad(key, `expected true or false, got ${JSON.stringify(value)}`);
    return value;
  }

  positiveNumber(key: keyof Defaults & string): number {
    const value = this.value(key);
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) bad(key, `expected a positive number, got ${JSON.stringify(value)}`);
    return value;
  }

  positiveIntegers(key: keyof Defaults & string): number[] {
    const value = this.value(key);
    if (!Array.isArray(value) || value.length === 0 || !value.every((v) => Number.isInteger(v) && v > 0)) {
      bad(key, `expected a non-empty list of positive integers, got ${JSON.stringify(value)}`);
    }
    return [...(value as number[])];
  }

  oneOf<T extends string>(key: keyof Defaults & string, allowed: readonly T[]): T {
    const value = this.value(key);
    if (!allowed.includes(value as T)) bad(key, `${JSON.stringify(value)} is not supported; supported: ${allowed.join(', ')}`);
    return value as T;
  }
}
