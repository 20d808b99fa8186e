import * as fs from 'node:fs';
import * as path from 'node:path';
import { addPath, checkPluginName } from './generator';
import { parsePluginList, renderPluginList } from './plugin-list';

// The generator's pure parts. The generator itself runs through `nx g` in a copy of the
// workspace in tools/workspace-checks/src/plugin-generator.spec.ts.
const root = path.resolve(__dirname, '../../../..');

describe('plugin names', () => {
  it.each(['toy-net', 'mlp2', 'hf-llama-3'])('accepts %s', (name) => expect(checkPluginName(name)).toBeUndefined());
  it.each(['Toy_Net', 'toy--net', '-toy', 'toy-', '2net', 'toy net', '', 'toy/net'])('refuses %j, saying what a name may be', (name) => {
    expect(checkPluginName(name)).toMatch(/is not a valid plugin name: use lower-case letters and digits in words joined by single hyphens, starting with a letter \(e\.g\. toy-net\)/);
  });
});

describe("the run's plugin list", () => {
  const file = fs.readFileSync(path.join(root, 'packages/run/src/plugins.ts'), 'utf8');

  it('is exactly what the generator writes, so a rewrite changes only the new entry', () => {
    expect(renderPluginList(parsePluginList(file))).toBe(file);
  });

  it('gains one import and one entry per plugin', () => {
    const next = renderPluginList([...parsePluginList(file), 'toy-net']);
    expect(next).toContain("import { register as registerToyNet } from '@otfuse/toy-net';");
    expect(next).toContain("  { id: 'toy-net', register: registerToyNet },");
    expect(parsePluginList(next)).toEqual([...parsePluginList(file), 'toy-net']);
  });

  it('must be a PLUGINS list', () => {
    expect(() => parsePluginList('export const OTHER = [];', 'plugins.ts')).toThrow('plugins.ts has no `export const PLUGINS` list');
  });
});

describe('tsconfig.base.json paths', () => {
  const text = fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8');

  it('gain one line, the rest of the file as it was', () => {
    const next = addPath(text, '@otfuse/toy-net', 'plugins/toy-net/src/index.ts');
    expect(JSON.parse(next).compilerOptions.paths['@otfuse/toy-net']).toEqual(['plugins/toy-net/src/index.ts']);
    const added = next.split('\n').filter((line) => !text.split('\n').includes(line));
    // The new last entry, and the comma the previous last entry gained.
    expect(added).toHaveLength(2);
    expect(added).toContain('      "@otfuse/toy-net": ["plugins/toy-net/src/index.ts"]');
    expect(added.find((line) => !line.includes('toy-net'))).toMatch(/^ {6}"@otfuse\/[a-z-]+": \[".*"\],$/);
    expect(next.split('\n')).toHaveLength(text.split('\n').length + 1);
  });

  it('are left alone when the package is mapped already', () => {
    expect(addPath(text, '@otfuse/core', 'packages/core/src/index.ts')).toBe(text);
  });

  it('may start empty', () => {
    const next = addPath('{\n  "compilerOptions": {\n    "paths": {}\n  }\n}\n', '@otfuse/a', 'plugins/a/src/index.ts');
    expect(JSON.parse(next).compilerOptions.paths).toEqual({ '@otfuse/a': ['plugins/a/src/index.ts'] });
  });
});
