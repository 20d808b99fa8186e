import { FusionError } from '../errors';

/** A model folder's `config.json`, parsed. */
export type ConfigJson = Readonly<Record<string, unknown>>;

/**
 * Refuses a `config.json`, naming the key: `config.json › hidden_size: …`. BAD_OPTION, so the
 * CLI answers with its bad-input exit code.
 */
export function refuseConfig(key: string, detail: string): never {
  throw new FusionError('BAD_OPTION', detail, ['config.json', key]);
}
