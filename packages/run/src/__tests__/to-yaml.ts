import { resolvePlainScalar } from '../config/yaml';

/**
 * Writes a value as block YAML in the style of the paper's files (`True`/`False`, empty for
 * null), so tests can turn the golden configs back into the files the reference read.
 */
export function toYaml(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent);
  if (value === null || typeof value !== 'object') return `${pad}${scalar(value)}\n`;
  if (Array.isArray(value)) return value.map((item) => `${pad}- ${inline(item)}\n`).join('');
  return Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .map(([key, item]) =>
      item !== null && typeof item === 'object' && !Array.isArray(item) ? `${pad}${key}:\n${toYaml(item, indent + 2)}` : `${pad}${key}:${item === null ? '' : ` ${inline(item)}`}\n`,
    )
    .join('');
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${inline(v)}`).join(', ')}}`;
  return scalar(value);
}

function scalar(value: unknown): string {
  if (value === null) return '';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}` : floatText(value);
  const text = String(value);
  // Plain where it reads back as the same string, as PyYAML writes it; quoted otherwise.
  return /^[\w./-]+$/.test(text) && resolvePlainScalar(text) === text ? text : JSON.stringify(text);
}

/** Floats keep a decimal point, as PyYAML writes them (`5.0`), so they read back as floats. */
function floatText(value: number): string {
  const text = String(value);
  return text.includes('.') || text.includes('e') ? text : `${text}.0`;
}
