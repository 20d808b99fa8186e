/** Codes of {@link ConfigError}: problems with an experiment or training file, or with CLI options. */
export type ConfigErrorCode =
  | 'FILE_NOT_FOUND'
  | 'YAML_SYNTAX'
  | 'INVALID_CONFIG'
  | 'UNKNOWN_ID'
  | 'INCOMPATIBLE_MODELS'
  | 'DATA_MISMATCH'
  | 'OUTPUT_EXISTS'
  | 'OUTPUT_IS_INPUT'
  | 'OUTPUT_LOCKED'
  | 'OUTPUT_WRITE_FAILED'
  | 'BAD_ARGUMENT'
  | 'OUT_OF_MEMORY';

/**
 * A bad input the user can fix: the message names the file and the key (or option) at fault.
 * Validation collects every problem of a file before failing, so one run lists them all.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  /** One line per problem, each naming its key. */
  readonly problems: readonly string[];

  constructor(code: ConfigErrorCode, message: string, problems: readonly string[] = []) {
    super(problems.length > 1 ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : problems.length === 1 ? `${message}: ${problems[0]}` : message);
    this.code = code;
    this.problems = problems;
  }
}
