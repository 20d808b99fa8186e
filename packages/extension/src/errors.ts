/** Machine-readable reason of an {@link ExtensionError}. */
export type ExtensionErrorCode =
  /** A parameter value of the wrong type, out of bounds, unknown or missing. */
  | 'INVALID_PARAMETER'
  /** A lookup by an id nothing is registered under. */
  | 'UNKNOWN_ID'
  /** Two extensions of one kind registered under the same id. */
  | 'DUPLICATE_ID'
  | 'INVALID_ARGUMENT';

/** Every error this package throws: a code to branch on and a message naming the owner and the key. */
export class ExtensionError extends Error {
  override readonly name = 'ExtensionError';

  constructor(
    readonly code: ExtensionErrorCode,
    message: string,
    /** The parameter at fault, for callers that report it under their own key (e.g. a YAML path). */
    readonly parameter?: string,
  ) {
    super(message);
  }
}
