import type { MapRef } from './nodes';

/** The references that are set, in order (a node's inputs, its activation keys). */
export function definedRefs(...refs: (MapRef | undefined)[]): string[] {
  return refs.filter((ref): ref is string => typeof ref === 'string');
}
