import { names } from '@nx/devkit';

// packages/run/src/plugins.ts is written by the plugin generator from the list of plugin
// ids; parsePluginList reads the ids back, so a hand-edited list survives as long as each
// entry keeps the `{ id: '<id>', register: … }` form.

const ENTRY = /\{\s*id:\s*'([a-z0-9-]+)'\s*,\s*register:/g;

/** The plugin ids in the run's plugin list file, in order. */
export function parsePluginList(text: string, file = 'plugins.ts'): string[] {
  if (!/export const PLUGINS\b/.test(text)) throw new Error(`${file} has no \`export const PLUGINS\` list; the plugin generator rewrites that list`);
  return [...text.matchAll(ENTRY)].map((m) => m[1]);
}

/** The run's plugin list file for `ids`: one import and one entry per plugin, in order. */
export function renderPluginList(ids: readonly string[]): string {
  const local = (id: string) => `register${names(id).className}`;
  return [
    "// The architecture plugins a run knows (`createContainer`, and so the otfuse CLI), each registered",
    '// through its `register(container)`. `npx nx g @otfuse/tools:plugin <name>` rewrites this list',
    "// (and the run package's package.json dependencies) when it creates plugins/<name>; an entry may",
    '// also be added or removed by hand, one import and one line each.',
    ...ids.map((id) => `import { register as ${local(id)} } from '@otfuse/${id}';`),
    "import type { DependencyContainer } from 'tsyringe';",
    '',
    'export interface BuiltInPlugin {',
    '  /** The plugin\'s package folder (`plugins/<id>`, published as `@otfuse/<id>`). */',
    '  id: string;',
    '  register(container: DependencyContainer): void;',
    '}',
    '',
    'export const PLUGINS: readonly BuiltInPlugin[] = [',
    ...ids.map((id) => `  { id: '${id}', register: ${local(id)} },`),
    '];',
    '',
  ].join('\n');
}
