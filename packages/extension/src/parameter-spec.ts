/** A value an extension's parameter can take. */
export type ParameterValue = number | string | boolean;

/** Parameters after {@link resolveParameters}: every declared one with a value, defaults filled in. */
export type ParameterValues = Readonly<Record<string, ParameterValue>>;

interface ParameterBase<T extends ParameterValue> {
  /** The key users write (snake_case, as in experiment files). */
  readonly name: string;
  /** One line for `otfuse list` and the generated docs. */
  readonly description: string;
  /** Used when the parameter is not given. Without one the parameter is required, unless `optional`. */
  readonly default?: T;
  /** May be left out even without a default (the extension then decides). */
  readonly optional?: boolean;
}

export interface NumberParameter extends ParameterBase<number> {
  /** `integer` also requires a whole number. */
  readonly type: 'number' | 'integer';
  readonly minimum?: number;
  /** `minimum` itself is not allowed. */
  readonly exclusiveMinimum?: boolean;
  readonly maximum?: number;
}

export interface StringParameter extends ParameterBase<string> {
  readonly type: 'string';
  /** When set, the whole value must match (shown to users as `patternLabel`). */
  readonly pattern?: RegExp;
  readonly patternLabel?: string;
}

export interface EnumParameter extends ParameterBase<string> {
  readonly type: 'enum';
  readonly values: readonly string[];
}

export interface BooleanParameter extends ParameterBase<boolean> {
  readonly type: 'boolean';
}

/** The one description of a typed parameter, for every kind of extension. */
export type ParameterSpec = NumberParameter | StringParameter | EnumParameter | BooleanParameter;

/** The type and bounds as users read them: `number > 0`, `integer ≥ 1, ≤ 10`, `'a' | 'b'`. */
export function parameterTypeLabel(spec: ParameterSpec): string {
  switch (spec.type) {
    case 'boolean':
      return 'boolean';
    case 'enum':
      return spec.values.map((v) => `'${v}'`).join(' | ');
    case 'string':
      return spec.pattern ? (spec.patternLabel ?? `string matching /${spec.pattern.source}/`) : 'string';
    case 'number':
    case 'integer': {
      const bounds = [
        spec.minimum === undefined ? '' : `${spec.exclusiveMinimum === true ? '>' : '≥'} ${spec.minimum}`,
        spec.maximum === undefined ? '' : `≤ ${spec.maximum}`,
      ].filter(Boolean);
      return [spec.type, bounds.join(', ')].filter(Boolean).join(' ');
    }
  }
}

/** A value as messages and listings show it. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? String(value);
}
