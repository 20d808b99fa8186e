import { LineCounter, Scalar, parseDocument } from 'yaml';
import type { ScalarTag } from 'yaml';
import { ConfigError } from './config-error';

/**
 * Floats written with an exponent but no dot (`1e-3`): YAML 1.1 reads them as strings, which
 * would surprise anyone writing a learning rate; here they are numbers.
 */
const exponentFloat: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  test: /^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$/,
  resolve: (text: string) => Number(text.replace(/_/g, '')),
};

const OPTIONS = { version: '1.1' as const, customTags: [exponentFloat], uniqueKeys: true, merge: false };

/**
 * Parses an experiment file. Scalars resolve as PyYAML's `safe_load` resolves them (YAML 1.1:
 * `True`, `yes`, `off`, `~`, `0.08`, …), so a file written for the paper's Python code reads the
 * same here. Syntax errors, duplicate keys and multi-document files are errors naming the line.
 */
export function parseYaml(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...OPTIONS, lineCounter, prettyErrors: false });
  const [error] = doc.errors;
  if (error) {
    const { line } = lineCounter.linePos(error.pos[0]);
    throw new ConfigError('YAML_SYNTAX', `${file}:${line}: ${error.message.split('\n')[0]}`);
  }
  return doc.toJS();
}

/** How a plain (unquoted) scalar reads, e.g. to decide whether a string needs quotes. */
export function resolvePlainScalar(text: string): unknown {
  const node = parseDocument(`${text}\n`, OPTIONS).contents;
  return node instanceof Scalar ? node.value : text;
}
