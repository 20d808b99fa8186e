// Public API of @otfuse/backend.
export { initBackend, activeBackend, BACKEND_ENV_VAR, type InitBackendOptions } from './init-backend';
export { BACKEND_NAMES, type BackendName } from './backend-name';
export type { BackendInfo, BackendAttempt } from './backend-info';
export { BackendError, type BackendErrorCode } from './errors';
export { registerWasmFixes } from './wasm/register-wasm-fixes';
