import type { RecordedMap } from '@otfuse/core';

/** The largest deviation of any `d × d` block of a map from a multiple of the identity (0: it mixes whole heads only). */
export function worstBlockDeviation(map: RecordedMap['map'], d: number): number {
  let worst = 0;
  for (let a = 0; a < map.n0 / d; a++) {
    for (let b = 0; b < map.n1 / d; b++) {
      const scale = map.data[a * d * map.n1 + b * d];
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) worst = Math.max(worst, Math.abs(map.data[(a * d + i) * map.n1 + b * d + j] - (i === j ? scale : 0)));
      }
    }
  }
  return worst;
}
