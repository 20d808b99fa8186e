import type { Params } from '../staged-forward';
import { ParameterTable } from './parameter-table';

/** How a checkpoint stores a tensor the plugin names otherwise. */
export type StoredName = (name: string) => string;

/**
 * transformers saves a base model (`BertModel`, `ViTModel`) without the prefix its task models
 * give the same modules (`base_model_prefix`): `bert.embeddings.LayerNorm.weight` is stored as
 * `embeddings.LayerNorm.weight`. A plugin names every module as its task models do, and reads and
 * writes a base model through this: `prefix` (`bert.`) is dropped; `undefined` keeps every name.
 */
export function storedName(prefix: string | undefined): StoredName {
  return (name) => (prefix !== undefined && name.startsWith(prefix) ? name.slice(prefix.length) : name);
}

/** The table under stored names, in the same order. */
export function storedTable(table: ParameterTable, stored: StoredName): ParameterTable {
  const renamed = new ParameterTable();
  for (const [name, entry] of table) renamed.add(stored(name), entry.shape, entry.kind, entry.fanIn);
  return renamed;
}

/** `params` (keyed by stored names) under the plugin's own `names`: a view, no tensor is copied. */
export function byPluginName(params: Params, names: readonly string[], stored: StoredName): Params {
  return Object.fromEntries(names.map((name) => [name, params[stored(name)]]));
}

/** A module's parameters under the checkpoint's names, as graph nodes name them. */
export function storedParams(stored: StoredName) {
  const weight = (module: string) => stored(`${module}.weight`);
  const bias = (module: string) => stored(`${module}.bias`);
  return {
    weight,
    bias,
    /** `nn.Linear`'s weight and bias. */
    linear: (module: string) => ({ weight: weight(module), bias: bias(module) }),
    /** A LayerNorm's weight and bias. */
    norm: (module: string) => [weight(module), bias(module)],
  };
}
