import { DataError } from './errors';

interface ParamBase<T> {
  /** One line shown by listings and generated docs. */
  readonly description: string;
  /** Value used when the parameter is not given; without one the parameter is required. */
  readonly default?: T;
  /** Accept absence even without a default (the factory then decides). */
  readonly optional?: boolean;
}

/** A numeric parameter; `integer` also requires a whole number. */
export interface NumberParam extends ParamBase<number> {
  readonly type: 'number' | 'integer';
  readonly min?: number;
  readonly max?: number;
  /** Exclusive lower bound instead of `min`. */
  readonly greaterThan?: number;
}

export interface StringParam extends ParamBase<string> {
  readonly type: 'string';
}

export interface EnumParam extends ParamBase<string> {
  readonly type: 'enum';
  readonly values: readonly string[];
}

export interface BooleanParam extends ParamBase<boolean> {
  readonly type: 'boolean';
}

/** Typed description of one parameter of a registered factory. */
export type ParamSpec = NumberParam | StringParam | EnumParam | BooleanParam;

/** Parameter specs by parameter name. */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

function checkNumber(owner: string, key: string, spec: NumberParam, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (spec.type === 'integer' && !Number.isInteger(value))) {
    const kind = spec.type === 'integer' ? 'an integer' : 'a finite number';
    throw new DataError('INVALID_PARAM', `${owner}: parameter '${key}' must be ${kind}, got ${describe(value)}`);
  }
  if (spec.min !== undefined && value < spec.min) {
    throw new DataError('INVALID_PARAM', `${owner}: parameter '${key}' must be >= ${spec.min}, got ${value}`);
  }
  if (spec.max !== undefined && value > spec.max) {
    throw new DataError('INVALID_PARAM', `${owner}: parameter '${key}' must be <= ${spec.max}, got ${value}`);
  }
  if (spec.greaterThan !== undefined && value <= spec.greaterThan) {
    throw new DataError('INVALID_PARAM', `${owner}: parameter '${key}' must be > ${spec.greaterThan}, got ${value}`);
  }
  return value;
}

function checkValue(owner: string, key: string, spec: ParamSpec, value: unknown): unknown {
  switch (spec.type) {
    case 'number':
    case 'integer':
      return checkNumber(owner, key, spec, value);
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        throw new DataError('INVALID_PARAM', `${owner}: parameter '${key}' must be one of ${spec.values.join(', ')}, got ${describe(value)}`);
      }
      return value;
    case 'string':
    case 'boolean':
      if (typeof value !== spec.type) {
        throw new DataError('INVALID_PARAM', `${owner}: parameter '${key}' must be a ${spec.type}, got ${describe(value)}`);
      }
      return value;
  }
}

/**
 * Validates `given` against `specs` and fills in defaults. Unknown keys, missing required
 * parameters and values of the wrong type or range are errors naming `owner` and the key.
 */
export function resolveParams(owner: string, specs: ParamSpecs, given: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const known = Object.keys(specs);
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(specs, key)) {
      throw new DataError('INVALID_PARAM', `${owner}: unknown parameter '${key}'; known parameters: ${known.join(', ') || '(none)'}`);
    }
  }
  const resolved: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const value = given[key] ?? spec.default;
    if (value === undefined) {
      if (!spec.optional) {
        throw new DataError('INVALID_PARAM', `${owner}: missing required parameter '${key}' (${spec.description})`);
      }
      continue;
    }
    resolved[key] = checkValue(owner, key, spec, value);
  }
  return resolved;
}
