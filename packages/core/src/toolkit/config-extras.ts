import { FusionError } from '../errors';
import { ConfigJson } from './config-refusal';

/**
 * A written `config.json` with `extras` added (e.g. `transformers_version`). An extra may not
 * replace a key written from the model config: the file would no longer describe the model.
 */
export function withExtras(json: Record<string, unknown>, extras: ConfigJson): Record<string, unknown> {
  for (const [key, value] of Object.entries(extras)) {
    if (key in json) throw new FusionError('BAD_OPTION', `extras may only add keys; '${key}' is written from the model config`, ['config.json', key]);
    json[key] = value;
  }
  return json;
}
