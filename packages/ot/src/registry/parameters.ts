import { OtError } from '../errors';

/** Values a registered solver or metric accepts as parameters. */
export type ParameterValue = number | string | boolean;
export type ParameterValues = Readonly<Record<string, ParameterValue>>;

interface ParameterBase {
  name: string;
  description: string;
}

export interface NumberParameter extends ParameterBase {
  type: 'number' | 'integer';
  default: number;
  /** Smallest allowed value (inclusive unless `exclusiveMinimum`). */
  minimum?: number;
  exclusiveMinimum?: boolean;
}

export interface EnumParameter extends ParameterBase {
  type: 'enum';
  values: readonly string[];
  default: string;
}

export interface BooleanParameter extends ParameterBase {
  type: 'boolean';
  default: boolean;
}

export type ParameterSpec = NumberParameter | EnumParameter | BooleanParameter;

/** Anything listed in a registry: a unique name, one line of description, typed parameters. */
export interface Registered {
  readonly name: string;
  readonly description: string;
  readonly parameters: readonly ParameterSpec[];
}

/**
 * Checks `given` against the parameter list of `owner` and fills in defaults. Unknown names
 * and wrongly typed or out-of-range values are errors that name the owner and the parameter.
 */
export function resolveParameters(owner: Registered, kind: string, given: Readonly<Record<string, unknown>> = {}): ParameterValues {
  const where = `${kind} '${owner.name}'`;
  const known = new Set(owner.parameters.map((p) => p.name));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) {
      const list = owner.parameters.length > 0 ? owner.parameters.map((p) => p.name).join(', ') : '(none)';
      throw new OtError('OT_INVALID_OPTION', `${where}: unknown parameter '${key}'; known: ${list}`);
    }
  }
  const resolved: Record<string, ParameterValue> = {};
  for (const spec of owner.parameters) {
    const value = given[spec.name] === undefined ? spec.default : given[spec.name];
    resolved[spec.name] = checkValue(where, spec, value);
  }
  return resolved;
}

function checkValue(where: string, spec: ParameterSpec, value: unknown): ParameterValue {
  const fail = (expected: string): never => {
    throw new OtError(
      'OT_INVALID_OPTION',
      `${where}: parameter '${spec.name}' must be ${expected}, got ${JSON.stringify(value) ?? String(value)}`,
    );
  };
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean' ? value : fail('a boolean');
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? value : fail(`one of ${spec.values.join(', ')}`);
    case 'number':
    case 'integer': {
      const integer = spec.type === 'integer';
      const bound =
        spec.minimum === undefined ? '' : ` ${spec.exclusiveMinimum === true ? '>' : '>='} ${spec.minimum}`;
      const expected = `${integer ? 'an integer' : 'a finite number'}${bound}`;
      if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
        return fail(expected);
      }
      if (spec.minimum !== undefined && (spec.exclusiveMinimum === true ? value <= spec.minimum : value < spec.minimum)) {
        return fail(expected);
      }
      return value;
    }
  }
}
