import { FusionError } from '../errors';

/**
 * Throws MISSING_ACTIVATION for the first wanted key that is not capturable:
 * `cannot capture 'x': not <what>; capturable: <listing>`. `listing` defaults to every key.
 */
export function checkCaptureKeys(wanted: Iterable<string>, capturable: readonly string[], what: string, listing = capturable.join(', ')): void {
  const known = new Set(capturable);
  for (const key of wanted) {
    if (!known.has(key)) throw new FusionError('MISSING_ACTIVATION', `cannot capture '${key}': not ${what}; capturable: ${listing}`);
  }
}
