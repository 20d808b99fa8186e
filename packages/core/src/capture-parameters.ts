import type { ParameterSpec } from '@otfuse/extension';

/**
 * The `seq_filter` capture parameter of an architecture whose outputs have no tokens: it
 * accepts only 'none', so an experiment file written for a transformer (the paper's, with
 * `seq_filter: None`) runs unchanged, and a real token filter is refused, not ignored.
 */
export function noTokenFilter(outputs: string): ParameterSpec {
  return {
    name: 'seq_filter',
    type: 'enum',
    values: ['none'],
    default: 'none',
    description: `${outputs} have no tokens, so the only filter is 'none'`,
  };
}
