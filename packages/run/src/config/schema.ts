import type { FusionOptionPath } from '@otfuse/core';
import { ConfigError } from './config-error';
import { suggestion } from './suggest';

/** A YAML value's allowed type: a label for the docs and a check that says what was expected. */
export interface ValueType {
  /** As the docs show it, e.g. `integer ≥ 1` or `'acts' | 'wts'`. */
  readonly label: string;
  /** True when `value` has this type. */
  accepts(value: unknown): boolean;
}

/** Renders a YAML value in messages and docs. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}

const type = (label: string, accepts: (value: unknown) => boolean): ValueType => ({ label, accepts });

function range(min?: number, greaterThan?: number, below?: number): string {
  const parts = [min !== undefined ? `≥ ${min}` : '', greaterThan !== undefined ? `> ${greaterThan}` : '', below !== undefined ? `< ${below}` : ''];
  return parts.filter(Boolean).join(', ');
}

/** The value types the schemas are built from. */
export const types = {
  boolean: type('boolean', (v) => typeof v === 'boolean'),
  // A NUL byte cannot be part of a path or a name; the file system would refuse it later.
  string: type('string', (v) => typeof v === 'string' && v !== '' && !v.includes('\u0000')),
  integer: (min?: number): ValueType =>
    type(`integer${min !== undefined ? ` ${range(min)}` : ''}`, (v) => Number.isSafeInteger(v) && (min === undefined || (v as number) >= min)),
  number: (bounds: { min?: number; greaterThan?: number; below?: number } = {}): ValueType => {
    const text = range(bounds.min, bounds.greaterThan, bounds.below);
    return type(`number${text ? ` ${text}` : ''}`, (v) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) return false;
      if (bounds.min !== undefined && v < bounds.min) return false;
      if (bounds.greaterThan !== undefined && v <= bounds.greaterThan) return false;
      return bounds.below === undefined || v < bounds.below;
    });
  },
  oneOf: (values: readonly string[]): ValueType => type(values.map((v) => `'${v}'`).join(' | '), (v) => typeof v === 'string' && values.includes(v)),
  /** A string that matches a pattern, shown as `label`. */
  matching: (label: string, pattern: RegExp): ValueType => type(label, (v) => typeof v === 'string' && pattern.test(v)),
  /** Either type. */
  either: (a: ValueType, b: ValueType): ValueType => type(`${a.label} or ${b.label}`, (v) => a.accepts(v) || b.accepts(v)),
  constant: (value: unknown, label = show(value)): ValueType => type(label, (v) => v === value),
  nothing: type('empty (null)', (v) => v === null),
  listOf: (item: ValueType): ValueType => type(`list of ${item.label}`, (v) => Array.isArray(v) && v.every((x) => item.accepts(x))),
  /** A mapping passed on as it is (checked by whoever receives it). */
  freeMapping: type('mapping', (v) => isMapping(v)),
  anything: type('anything', () => true),
};

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One key of a config file: a section (a mapping of further keys) or a value. */
export interface KeySpec {
  /** Dotted path; a segment written `name_<i>` stands for `name_0`, `name_1`, … */
  readonly key: string;
  /** `'section'` for a mapping whose keys are listed in the schema. */
  readonly type: ValueType | 'section';
  /** A missing required key is an error (for a key in a section: when the section is present). */
  readonly required?: boolean;
  /** The value used when the key is absent. */
  readonly default?: unknown;
  /** A section that is absent stays absent (its keys get no defaults). */
  readonly optionalSection?: boolean;
  /** Where the key comes from: the paper's experiment file, or otfuse's own. */
  readonly origin: 'paper' | 'otfuse';
  /** What the key does, and what it becomes. */
  readonly description: string;
  /** For values of the right type that otfuse cannot honour: why (undefined when supported). */
  readonly unsupported?: (value: unknown) => string | undefined;
  /** The fusion option the key sets (its default is then core's, from the one table). */
  readonly option?: FusionOptionPath;
  /** Accepted for compatibility with the paper's files and not read (the description says why). */
  readonly ignored?: true;
}

export type Schema = readonly KeySpec[];

/**
 * A validated file: every key's value (given or default), by dotted path. Reading a key the
 * schema does not have is a programming error and throws, so a mistyped key cannot pass as
 * an absent one.
 */
export class ConfigValues {
  constructor(
    readonly values: ReadonlyMap<string, unknown>,
    /** Keys present in the file (sections included). */
    readonly given: ReadonlySet<string>,
    private readonly schema: Schema,
  ) {}

  has(key: string): boolean {
    return this.known(key) && this.values.has(key);
  }

  /** The value of a key that has one (given or by default); the schema's check guarantees its type. */
  get<T>(key: string): T {
    if (!this.has(key)) throw new Error(`configuration key '${key}' has no value: it is not in the schema, or has no default`);
    return this.values.get(key) as T;
  }

  optional<T>(key: string): T | undefined {
    return this.has(key) ? (this.values.get(key) as T) : undefined;
  }

  private known(key: string): boolean {
    if (this.schema.some((spec) => spec.key === key || (parentOf(spec.key) === parentOf(key) && matches(spec, lastSegment(key))))) return true;
    throw new Error(`'${key}' is not a key of this configuration schema`);
  }
}

function parentOf(key: string): string {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? '' : key.slice(0, dot);
}

function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('.') + 1);
}

function segmentPattern(segment: string): RegExp | undefined {
  if (!segment.includes('<i>')) return undefined;
  const escaped = segment.split('<i>').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('(0|[1-9][0-9]*)')}$`);
}

function matches(spec: KeySpec, name: string): boolean {
  const segment = lastSegment(spec.key);
  const pattern = segmentPattern(segment);
  return pattern ? pattern.test(name) : segment === name;
}

/**
 * Checks a parsed file against a schema and fills in defaults. Every problem is collected (unknown
 * keys with the closest known key, wrong types, unsupported values, missing keys) and thrown
 * together as one ConfigError naming `file`.
 */
export function validateConfig(raw: unknown, schema: Schema, file: string): ConfigValues {
  const problems: string[] = [];
  const values = new Map<string, unknown>();
  const given = new Set<string>();
  if (!isMapping(raw)) {
    throw new ConfigError('INVALID_CONFIG', `${file}: expected a mapping of sections at the top level, got ${raw === null ? 'an empty file' : show(raw)}`);
  }

  const walk = (mapping: Record<string, unknown>, prefix: string) => {
    const here = schema.filter((spec) => parentOf(spec.key) === prefix);
    for (const [name, value] of Object.entries(mapping)) {
      const key = prefix ? `${prefix}.${name}` : name;
      const spec = here.find((s) => matches(s, name));
      if (!spec) {
        const names = here.map((s) => lastSegment(s.key).replace('<i>', '0'));
        problems.push(`${key}: unknown key; ${suggestion(name, names)}`);
        continue;
      }
      given.add(key);
      if (spec.type === 'section') {
        if (value !== null && !isMapping(value)) {
          problems.push(`${key}: expected a mapping of keys, got ${show(value)}`);
          continue;
        }
        walk(value ?? {}, key);
        continue;
      }
      if (!spec.type.accepts(value)) {
        problems.push(`${key}: expected ${spec.type.label}, got ${show(value)}`);
        continue;
      }
      const why = spec.unsupported?.(value);
      if (why) {
        problems.push(`${key}: ${show(value)} is not supported: ${why}`);
        continue;
      }
      values.set(key, value);
    }
    for (const spec of here) {
      if (segmentPattern(lastSegment(spec.key)) || Object.hasOwn(mapping, lastSegment(spec.key))) continue;
      if (spec.required) problems.push(`${spec.key}: missing (${spec.description.split('. ')[0]})`);
      else if (spec.type === 'section' && !spec.optionalSection) walk({}, spec.key);
      else if (spec.default !== undefined) values.set(spec.key, spec.default);
    }
  };
  walk(raw, '');
  if (problems.length) throw new ConfigError('INVALID_CONFIG', `${file}: invalid configuration`, problems);
  return new ConfigValues(values, given, schema);
}

/** The schema as Markdown tables, one per section: the README embeds this text. */
export function schemaMarkdown(schema: Schema): string {
  const sections = schema.filter((s) => s.type === 'section');
  const blocks: string[] = [];
  const topLevel = schema.filter((s) => parentOf(s.key) === '' && s.type !== 'section');
  if (topLevel.length) blocks.push(table('(top level)', topLevel));
  for (const section of sections) {
    const keys = schema.filter((s) => parentOf(s.key) === section.key && s.type !== 'section');
    if (!keys.length) continue;
    const requirement = section.required ? 'required' : section.optionalSection ? 'optional' : 'optional; defaults apply when absent';
    blocks.push(`**\`${section.key}\`** (${requirement}${section.origin === 'otfuse' ? ', otfuse' : ''}): ${section.description}\n\n${table(section.key, keys)}`);
  }
  return blocks.join('\n\n');
}

function table(_section: string, keys: readonly KeySpec[]): string {
  const rows = keys.map((spec) => {
    const type = `\`${(spec.type === 'section' ? 'mapping' : spec.type.label).replace(/\|/g, '\\|')}\``;
    const fallback = spec.required ? 'required' : spec.default === undefined ? '—' : `\`${show(spec.default)}\``;
    const origin = spec.origin === 'paper' ? 'paper' : 'otfuse';
    return `| \`${spec.key}\` | ${type} | ${fallback} | ${origin} | ${spec.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| key | type | default | from | meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}
