import { ConfigJson, refuseConfig } from './config-refusal';

/**
 * Typed reads of `config.json`. A key left out (or null) takes its default, as `from_pretrained`
 * does; a value of the wrong kind is refused, naming the key and the value.
 */
export class ConfigReader<Defaults extends Record<string, unknown>> {
  constructor(
    private readonly json: ConfigJson,
    private readonly defaults: Defaults,
  ) {}

  value(key: keyof Defaults & string): unknown {
    const value = this.json[key];
    // A key without a default is required: its refusal shows what the file holds.
    return value ?? this.defaults[key] ?? value;
  }

  positiveInteger(key: keyof Defaults & string): number {
    return this.integer(key, 1, 'a positive integer');
  }

  nonNegativeInteger(key: keyof Defaults & string): number {
    return this.integer(key, 0, 'a non-negative integer');
  }

  positiveNumber(key: keyof Defaults & string): number {
    return this.number(key, (v) => v > 0 && Number.isFinite(v), 'a positive number');
  }

  nonNegativeNumber(key: keyof Defaults & string): number {
    return this.number(key, (v) => v >= 0 && Number.isFinite(v), 'a non-negative number');
  }

  probability(key: keyof Defaults & string): number {
    return this.number(key, (v) => v >= 0 && v <= 1, 'a probability in [0, 1]');
  }

  boolean(key: keyof Defaults & string): boolean {
    const value = this.value(key);
    if (typeof value !== 'boolean') refuseConfig(key, `expected true or false, got ${JSON.stringify(value)}`);
    return value;
  }

  positiveIntegers(key: keyof Defaults & string): number[] {
    const value = this.value(key);
    if (!Array.isArray(value) || value.length === 0 || !value.every((v) => Number.isInteger(v) && v > 0)) {
      refuseConfig(key, `expected a non-empty list of positive integers, got ${JSON.stringify(value)}`);
    }
    return [...(value as number[])];
  }

  /** One of `allowed`; `note` follows the list in the refusal (e.g. what a name means). */
  oneOf<T extends string>(key: keyof Defaults & string, allowed: readonly T[], note?: string): T {
    const value = this.value(key);
    if (!allowed.includes(value as T)) {
      refuseConfig(key, `${JSON.stringify(value)} is not supported; supported: ${allowed.join(', ')}${note === undefined ? '' : ` (${note})`}`);
    }
    return value as T;
  }

  private integer(key: keyof Defaults & string, min: number, expected: string): number {
    const value = this.value(key);
    if (!Number.isInteger(value) || (value as number) < min) refuseConfig(key, `expected ${expected}, got ${JSON.stringify(value)}`);
    return value as number;
  }

  private number(key: keyof Defaults & string, accepts: (v: number) => boolean, expected: string): number {
    const value = this.value(key);
    if (typeof value !== 'number' || !accepts(value)) refuseConfig(key, `expected ${expected}, got ${JSON.stringify(value)}`);
    return value;
  }
}
