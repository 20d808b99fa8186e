import { BackendError } from './errors';

/** The backends in the order they are tried when none is forced. */
export const BACKEND_NAMES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;

/** A TensorFlow.js backend this package can choose. */
export type BackendName = (typeof BACKEND_NAMES)[number];

export function isBackendName(value: string): value is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(value);
}

/**
 * Checks a requested backend name. `source` says where it came from (`OTFUSE_BACKEND`,
 * `force`) so the message points at the setting to fix.
 */
export function parseBackendName(value: string, source: string): BackendName {
  if (isBackendName(value)) {
    return value;
  }
  throw new BackendError(
    'BACKEND_INVALID_NAME',
    `${source}=${JSON.stringify(value)} is not a backend; expected one of: ${BACKEND_NAMES.join(', ')}`,
  );
}
