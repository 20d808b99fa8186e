import { initBackend } from '@otfuse/backend';

/** Tests run on WebAssembly, the backend our machines and CI have, quietly. */
export async function useTestBackend(): Promise<void> {
  await initBackend({ force: 'wasm', log: () => undefined });
}
