/**
 * Typed errors of @otfuse/backend. Every error carries a stable `code` to branch on and a
 * message that names the setting or kernel at fault, what was expected and what was found.
 */

export type BackendErrorCode =
  /** `force` or `OTFUSE_BACKEND` names no known backend. */
  | 'BACKEND_INVALID_NAME'
  /** The forced backend cannot be used here (package missing, failed to load or initialise). */
  | 'BACKEND_UNAVAILABLE'
  /** A different backend was asked for after one was already chosen for this process. */
  | 'BACKEND_ALREADY_CHOSEN'
  /** Not one backend of the fallback order could be initialised. */
  | 'BACKEND_NONE_AVAILABLE'
  /** An environment variable of this package (`OTFUSE_THREADS`, `OTFUSE_NATIVE_MATMUL`) has an invalid value. */
  | 'BACKEND_INVALID_SETTING'
  /** A kernel registered by this package was given inputs it does not handle. */
  | 'BACKEND_KERNEL_INPUT';

/** Base class of every error this package throws. */
export class BackendError extends Error {
  override readonly name: string = 'BackendError';

  constructor(
    readonly code: BackendErrorCode,
    message: string,
  ) {
    super(message);
  }
}
