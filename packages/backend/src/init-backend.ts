import * as tf from '@tensorflow/tfjs';
import { parseBackendName, type BackendName } from './backend-name';
import type { BackendAttempt, BackendInfo } from './backend-info';
import { BACKEND_CANDIDATES, type BackendCandidate } from './candidates';
import { BackendError } from './errors';
import { readNativeMatmulSettings, type NativeMatmulSettings } from './native/settings';

export interface InitBackendOptions {
  /** Use exactly this backend, failing if it is unavailable. Takes precedence over `OTFUSE_BACKEND`. */
  force?: BackendName;
  /** Receives the one line saying which backend is used. Default: written to stderr. */
  log?: (line: string) => void;
}

/** A backend asked for by name, and the setting that asked. */
interface BackendRequest {
  name: BackendName;
  setting: string;
}

export const BACKEND_ENV_VAR = 'OTFUSE_BACKEND';

let choice: Promise<BackendInfo> | undefined;
let active: BackendInfo | undefined;

/**
 * Chooses the TensorFlow.js backend for this process: the first that works of tfjs-node-gpu,
 * tfjs-node, wasm and cpu, or the one forced by `force` / `OTFUSE_BACKEND`. Later calls return
 * the same info without re-initialising; asking for a different backend then is an error,
 * because tensors and registered kernels already belong to the first one.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const request = requestedBackend(options);
  const settings = readNativeMatmulSettings();
  if (choice === undefined) {
    const attempt = chooseBackend(request, settings, options.log ?? writeToStderr);
    choice = attempt.catch((error: unknown) => {
      choice = undefined; // a failed choice may be retried, e.g. without forcing
      throw error;
    });
  }
  const info = await choice;
  if (request !== undefined && request.name !== info.name) {
    throw new BackendError(
      'BACKEND_ALREADY_CHOSEN',
      `${request.setting}=${request.name}: this process already uses the ${info.name} backend; ` +
        'choose the backend once, before the first initBackend() call',
    );
  }
  return info;
}

/** The backend chosen by a finished `initBackend()`, or `undefined` before that. */
export function activeBackend(): BackendInfo | undefined {
  return active;
}

function requestedBackend(options: InitBackendOptions): BackendRequest | undefined {
  if (options.force !== undefined) {
    return { name: parseBackendName(options.force, 'force'), setting: 'force' };
  }
  const fromEnv = process.env[BACKEND_ENV_VAR]?.trim();
  if (fromEnv === undefined || fromEnv === '') {
    return undefined;
  }
  return { name: parseBackendName(fromEnv, BACKEND_ENV_VAR), setting: BACKEND_ENV_VAR };
}

async function chooseBackend(
  request: BackendRequest | undefined,
  settings: NativeMatmulSettings,
  log: (line: string) => void,
): Promise<BackendInfo> {
  const candidates =
    request === undefined ? BACKEND_CANDIDATES : BACKEND_CANDIDATES.filter((c) => c.name === request.name);
  const tried: BackendAttempt[] = [];
  for (const candidate of candidates) {
    const error = await activate(candidate);
    if (error !== undefined) {
      tried.push({ name: candidate.name, error });
      continue;
    }
    tried.push({ name: candidate.name });
    const { details, matmul } = await candidate.prepare(settings);
    const info: BackendInfo = Object.freeze({
      name: candidate.name,
      tfBackend: tf.getBackend(),
      tried: Object.freeze(tried.map((attempt) => Object.freeze(attempt))),
      matmul: Object.freeze(matmul),
    });
    active = info;
    log(logLine(info, details, request));
    return info;
  }
  throw noBackendError(request, tried);
}

/** Makes the candidate TensorFlow.js's backend; returns why it could not, or `undefined`. */
async function activate(candidate: BackendCandidate): Promise<string | undefined> {
  const unavailable = candidate.unavailableReason();
  if (unavailable !== undefined) {
    return unavailable;
  }
  if (!(await tf.setBackend(candidate.tfBackend))) {
    return `tf.setBackend('${candidate.tfBackend}') could not initialise the backend`;
  }
  await tf.ready();
  return undefined;
}

function noBackendError(request: BackendRequest | undefined, tried: BackendAttempt[]): BackendError {
  if (request === undefined) {
    const reasons = tried.map((attempt) => `${attempt.name}: ${attempt.error}`).join('; ');
    return new BackendError('BACKEND_NONE_AVAILABLE', `no TensorFlow.js backend could be initialised (${reasons})`);
  }
  const available = BACKEND_CANDIDATES.filter(
    (c) => c.name !== request.name && c.unavailableReason() === undefined,
  ).map((c) => c.name);
  return new BackendError(
    'BACKEND_UNAVAILABLE',
    `${request.setting}=${request.name}: ${tried[0]?.error}; available here: ${available.join(', ') || 'none'}`,
  );
}

function logLine(info: BackendInfo, details: string, request: BackendRequest | undefined): string {
  const skipped = info.tried.filter((attempt) => attempt.error !== undefined).map((attempt) => attempt.name);
  const origin = request?.setting === BACKEND_ENV_VAR ? BACKEND_ENV_VAR : 'the force option';
  const why = request === undefined ? '' : `; forced by ${origin}`;
  const fallback = skipped.length === 0 ? '' : `; skipped ${skipped.join(', ')}`;
  return `otfuse: TensorFlow.js backend ${info.name} (${details})${why}${fallback}`;
}

function writeToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}
