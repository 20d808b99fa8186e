/** Exit codes: 0 success, 2 bad input (config, files, options), 1 internal failure. */
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 1;

const INPUT_ERRORS = new Set(['FusionError', 'IoError', 'SafetensorsError', 'DataError', 'BackendError', 'ConfigError']);

export function exitCodeFor(error: unknown): number {
  if (error instanceof Error && INPUT_ERRORS.has(error.name)) {
    const code = (error as { code?: string }).code;
    // Graph defects are ours, not the user's.
    return code === 'GRAPH_INVALID' ? EXIT_INTERNAL : EXIT_BAD_INPUT;
  }
  return EXIT_INTERNAL;
}
