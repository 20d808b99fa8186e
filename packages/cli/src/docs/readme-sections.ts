import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { EXPERIMENT_SCHEMA, schemaMarkdown, TRAIN_SCHEMA } from '@otfuse/run';
import { extensionsMarkdown } from './extensions-markdown';

export const README_FILE = path.resolve(__dirname, '../../README.md');

/** The README parts generated from the schemas, by marker name. */
export function generatedSections(): Map<string, string> {
  return new Map([
    ['experiment-keys', schemaMarkdown(EXPERIMENT_SCHEMA)],
    ['train-keys', schemaMarkdown(TRAIN_SCHEMA)],
    ['extensions', extensionsMarkdown()],
  ]);
}

const markers = (name: string) => [`<!-- generated:${name} (npm run docs) -->`, `<!-- end:${name} -->`] as const;

/** The README with every generated section replaced by its current text. */
export function withGeneratedSections(readme: string): string {
  let text = readme;
  for (const [name, content] of generatedSections()) {
    const [start, end] = markers(name);
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the markers '${start}' … '${end}'`);
    text = `${text.slice(0, from + start.length)}\n\n${content}\n\n${text.slice(to)}`;
  }
  return text;
}

// `npm run docs` (from this package's folder): rewrites the generated sections in place.
if (require.main === module) {
  fs.writeFileSync(README_FILE, withGeneratedSections(fs.readFileSync(README_FILE, 'utf8')));
}
