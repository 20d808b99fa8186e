/** Exit codes: 0 success, 2 bad input (config, files, options, data), 1 internal failure. */
export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 1;

/**
 * Errors the user can fix, by class name (names survive duplicated module instances, which
 * `instanceof` does not). Subclasses of IoError carry their own names.
 */
const INPUT_ERRORS = new Set([
  'ConfigError',
  'FusionError',
  'IoError',
  'SafetensorsError',
  'TorchCheckpointError',
  'ModelFolderError',
  'DataError',
  'TrainError',
  'BackendError',
  'ExtensionError',
  'OtError',
  'CommanderError',
  'InvalidArgumentError',
]);

export function exitCodeFor(error: unknown): number {
  if (error instanceof Error && INPUT_ERRORS.has(error.name)) {
    const code = (error as { code?: string }).code;
    // A plugin's graph that breaks the rules is a defect of ours, not of the input.
    return code === 'GRAPH_INVALID' ? EXIT_INTERNAL : EXIT_BAD_INPUT;
  }
  return EXIT_INTERNAL;
}
