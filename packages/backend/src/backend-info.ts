import type { BackendName } from './backend-name';

/** One backend that was tried, with why it could not be used. */
export interface BackendAttempt {
  readonly name: BackendName;
  /** Why it was skipped; absent for the backend that was chosen. */
  readonly error?: string;
}

/** The backend chosen for this process. */
export interface BackendInfo {
  readonly name: BackendName;
  /** What `tf.getBackend()` reports: `tensorflow` for both native packages, else the name. */
  readonly tfBackend: string;
  /** Every backend tried, in order, ending with the chosen one. */
  readonly tried: readonly BackendAttempt[];
}
