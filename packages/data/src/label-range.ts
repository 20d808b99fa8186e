import { IGNORE_LABEL } from './dataset';

/**
 * Where the first label of `y` outside `[0, numClasses)` is, as a message (`label 7 of example
 * 3 is outside [0, 5)`), or undefined when every label fits. Per-token labels may also be
 * {@link IGNORE_LABEL}; `firstExample` is the index of `y`'s first example in its data set.
 */
export function labelOutsideRange(y: Int32Array, numClasses: number, labelShape: readonly number[], firstExample = 0): string | undefined {
  const perToken = labelShape.length > 0;
  const bad = y.findIndex((label) => (label < 0 || label >= numClasses) && !(perToken && label === IGNORE_LABEL));
  if (bad < 0) return undefined;
  const perExample = labelShape.reduce((product, dim) => product * dim, 1);
  const example = firstExample + Math.floor(bad / perExample);
  const where = perToken ? `example ${example}, position ${bad % perExample}` : `example ${example}`;
  return `label ${y[bad]} of ${where} is outside [0, ${numClasses})${perToken ? ` and is not ${IGNORE_LABEL} (no label)` : ''}`;
}
