import { Alias, LineCounter, Scalar, parseDocument, visit } from 'yaml';
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
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // Aliases are resolved here: the yaml library refuses alias bombs ("Excessive alias count …")
    // and aliases of anchors not yet set. Name the line of the first alias.
    let line = 1;
    visit(doc, {
      Alias: (_key, node: Alias) => {
        if (node.range) line = lineCounter.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    throw new ConfigError('YAML_SYNTAX', `${file}:${line}: ${(error as Error).message}`);
  }
  const cycle = aliasCycle(value);
  if (cycle !== undefined) throw new ConfigError('YAML_SYNTAX', `${file}: ${cycle || '(the top level)'}: an alias refers to a value that contains it`);
  return value;
}

/** The dotted path of a value that contains itself (an anchor aliased inside its own node), if any. */
function aliasCycle(value: unknown, path = '', ancestors = new Set<unknown>()): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (ancestors.has(value)) return path;
  ancestors.add(value);
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const found = aliasCycle(child, path ? `${path}.${key}` : key, ancestors);
    if (found !== undefined) return found;
  }
  ancestors.delete(value);
  return undefined;
}

/** How a plain (unquoted) scalar reads, e.g. to decide whether a string needs quotes. */
export function resolvePlainScalar(text: string): unknown {
  const node = parseDocument(`${text}\n`, OPTIONS).contents;
  return node instanceof Scalar ? node.value : text;
}
