import { DependencyContainer, InjectionToken } from 'tsyringe';
import { FusionError } from '../errors';
import type { Described } from './contracts';

/** Every extension registered under a token, in registration order; duplicate ids are errors. */
export function registered<T extends Described>(container: DependencyContainer, token: InjectionToken<T>): T[] {
  if (!container.isRegistered(token, true)) return [];
  const all = container.resolveAll(token);
  const seen = new Set<string>();
  for (const item of all) {
    if (seen.has(item.id)) throw new FusionError('DUPLICATE_ID', `'${item.id}' is registered twice under ${describeToken(token)}`);
    seen.add(item.id);
  }
  return all;
}

/** The extension with this id; an unknown id lists the registered ones. */
export function resolveById<T extends Described>(container: DependencyContainer, token: InjectionToken<T>, id: string): T {
  const all = registered(container, token);
  const found = all.find((item) => item.id === id);
  if (!found) {
    const available = all.map((item) => item.id).join(', ') || 'none';
    throw new FusionError('UNKNOWN_ID', `${describeToken(token)} '${id}' not found; available: ${available}`);
  }
  return found;
}

function describeToken(token: InjectionToken<unknown>): string {
  if (typeof token === 'symbol') return (token.description ?? 'extension').replace(/^otfuse\./, '');
  if (typeof token === 'string') return token;
  return 'extension';
}
