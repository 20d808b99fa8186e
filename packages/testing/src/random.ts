import { SeededRandom } from '@otfuse/extension';

/** Seeded floats in [0, 1), in the shape core's `RandomSource` takes. */
export function seededFloats(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.nextFloat();
}
