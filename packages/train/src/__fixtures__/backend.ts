import { initBackend } from '@otfuse/backend';

/** Chooses the process's tfjs backend once, quietly (wasm on machines without tfjs-node). */
export async function useTestBackend(): Promise<void> {
  await initBackend({ log: () => undefined });
}
