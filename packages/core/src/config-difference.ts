/** One property two models must share to be fused together: what it is, its config.json key, and how to read it. */
export interface SharedProperty<Config> {
  what: string;
  key: string;
  of: (config: Config) => unknown;
}

/**
 * The first property whose values differ between configs `a` and `b`, as `other <what> (<key>):
 * <a> vs <b>`, or undefined when all agree: the building block of an architecture's `incompatibility`.
 */
export function firstDifference<Config>(a: Config, b: Config, properties: readonly SharedProperty<Config>[]): string | undefined {
  for (const { what, key, of } of properties) {
    const left = JSON.stringify(of(a));
    const right = JSON.stringify(of(b));
    if (left !== right) return `other ${what} (${key}): ${left} vs ${right}`;
  }
  return undefined;
}
