/** One property two models must share to be fused together: what it is, the config.json key, and each model's value. */
export interface SharedProperty {
  what: string;
  key: string;
  a: unknown;
  b: unknown;
}

/**
 * The first property whose values differ, as `other <what> (<key>): <a> vs <b>`, or undefined
 * when all agree: the building block of an architecture's `incompatibility`.
 */
export function firstDifference(properties: readonly SharedProperty[]): string | undefined {
  for (const { what, key, a, b } of properties) {
    const left = JSON.stringify(a);
    const right = JSON.stringify(b);
    if (left !== right) return `other ${what} (${key}): ${left} vs ${right}`;
  }
  return undefined;
}
