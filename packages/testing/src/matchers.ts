export interface CloseOptions {
  /** Absolute tolerance. */
  atol?: number;
  /** Relative tolerance, against the largest absolute expected value. */
  rtol?: number;
  /** What is being compared, for the failure message. */
  what?: string;
}

/**
 * Asserts two arrays agree elementwise within `atol + rtol·max|expected|`; a failure names the
 * worst index, both values and the tolerance, which says more than jest's first-mismatch output.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, options: CloseOptions = {}): void {
  const what = options.what ?? 'values';
  if (actual.length !== expected.length) {
    throw new Error(`${what}: ${actual.length} values, expected ${expected.length}`);
  }
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  const tolerance = (options.atol ?? 0) + (options.rtol ?? 0) * scale;
  let worst = -1;
  let worstDiff = -1;
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    if (!(diff <= worstDiff) || Number.isNaN(diff)) {
      worst = i;
      worstDiff = Number.isNaN(diff) ? Infinity : diff;
    }
  }
  if (worst >= 0 && !(worstDiff <= tolerance)) {
    throw new Error(
      `${what}: largest difference ${worstDiff} at index ${worst} (got ${actual[worst]}, expected ${expected[worst]}) exceeds tolerance ${tolerance}`,
    );
  }
}
