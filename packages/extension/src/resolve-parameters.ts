import { ExtensionError } from './errors';
import { type ParameterSpec, type ParameterValue, type ParameterValues, parameterTypeLabel, showValue } from './parameter-spec';

/**
 * Checks `given` against `specs` and fills in defaults: the one validation every extension's
 * parameters go through. `owner` starts each message (e.g. `OT solver 'sinkhorn'`). Unknown
 * keys, missing required parameters and values of the wrong type or out of bounds throw an
 * ExtensionError naming the owner, the parameter and what was expected.
 */
export function resolveParameters(
  owner: string,
  specs: readonly ParameterSpec[],
  given: Readonly<Record<string, unknown>> = {},
): ParameterValues {
  for (const key of Object.keys(given)) {
    if (!specs.some((spec) => spec.name === key)) {
      const known = specs.map((spec) => spec.name).join(', ') || '(none)';
      throw new ExtensionError('INVALID_PARAMETER', `${owner}: unknown parameter '${key}'; its parameters: ${known}`, key);
    }
  }
  const resolved: Record<string, ParameterValue> = {};
  for (const spec of specs) {
    const value = given[spec.name] === undefined ? spec.default : given[spec.name];
    if (value === undefined) {
      if (spec.optional === true) continue;
      throw new ExtensionError('INVALID_PARAMETER', `${owner}: missing required parameter '${spec.name}' (${spec.description})`, spec.name);
    }
    if (!accepts(spec, value)) {
      throw new ExtensionError(
        'INVALID_PARAMETER',
        `${owner}: parameter '${spec.name}' must be ${parameterTypeLabel(spec)}, got ${showValue(value)}`,
        spec.name,
      );
    }
    resolved[spec.name] = value;
  }
  return resolved;
}

/** True when `value` has the spec's type and lies within its bounds. */
export function accepts(spec: ParameterSpec, value: unknown): value is ParameterValue {
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value);
    case 'string':
      return typeof value === 'string' && (spec.pattern === undefined || new RegExp(`^(?:${spec.pattern.source})$`).test(value));
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      if (spec.type === 'integer' && !Number.isSafeInteger(value)) return false;
      if (spec.minimum !== undefined && (spec.exclusiveMinimum === true ? value <= spec.minimum : value < spec.minimum)) return false;
      return spec.maximum === undefined || value <= spec.maximum;
    }
  }
}
