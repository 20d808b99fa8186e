import { generateFiles, logger, names, readJson, Tree, updateJson } from '@nx/devkit';
import * as path from 'node:path';
import { PluginGeneratorSchema } from './schema';
import { parsePluginList, renderPluginList } from './plugin-list';

export const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** The list of plugins `createContainer` registers, which the CLI shows and runs. */
export const PLUGIN_LIST = 'packages/run/src/plugins.ts';
/** The package that lists them, and so depends on each. */
const PLUGIN_LIST_MANIFEST = 'packages/run/package.json';
const TSCONFIG = 'tsconfig.base.json';

/** Why `name` cannot be a plugin name, or undefined when it can. */
export function checkPluginName(name: unknown): string | undefined {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    return (
      `${JSON.stringify(name)} is not a valid plugin name: use lower-case letters and digits in words ` +
      'joined by single hyphens, starting with a letter (e.g. toy-net); it names the folder plugins/<name>, ' +
      'the package @otfuse/<name> and the model_type'
    );
  }
  return undefined;
}

/**
 * `nx g @otfuse/tools:plugin <name>`: creates plugins/<name>, a working architecture plugin
 * with its conformance spec, maps it in tsconfig.base.json and registers it in the CLI.
 */
export default async function pluginGenerator(tree: Tree, options: PluginGeneratorSchema): Promise<() => void> {
  const problem = checkPluginName(options.name);
  if (problem) throw new Error(problem);
  const { name } = options;
  const dir = `plugins/${name}`;
  for (const taken of [dir, `packages/${name}`]) {
    if (tree.exists(taken)) throw new Error(`${taken} already exists; refusing to overwrite it (pick another name, or delete the folder first)`);
  }
  const importPath = `@otfuse/${name}`;
  const entry = `${dir}/src/index.ts`;
  const mapped = readJson(tree, TSCONFIG).compilerOptions?.paths?.[importPath] as string[] | undefined;
  if (mapped && mapped[0] !== entry) throw new Error(`${TSCONFIG} already maps ${importPath} to ${mapped.join(', ')}; refusing to remap it to ${entry}`);
  const description = options.description ?? `${name}: an otfuse architecture plugin (a two-layer tanh network to grow into the real architecture).`;
  if (description.length <= 20) throw new Error(`the description must be longer than 20 characters (it is the package's summary), got ${JSON.stringify(description)}`);
  const registerInCli = options.registerInCli ?? true;
  if (registerInCli && !tree.exists(PLUGIN_LIST)) throw new Error(`${PLUGIN_LIST} is missing, so the plugin cannot be registered in the CLI; pass --registerInCli=false to create it alone`);

  const n = names(name);
  generateFiles(tree, path.join(__dirname, 'files'), dir, {
    name,
    description,
    className: n.className,
    propertyName: n.propertyName,
    constantName: n.constantName,
    versions: {
      core: version(tree, 'packages/core'),
      extension: version(tree, 'packages/extension'),
      testing: version(tree, 'packages/testing'),
      tfjs: dependency(tree, 'packages/core', '@tensorflow/tfjs'),
      tsyringe: dependency(tree, 'packages/core', 'tsyringe'),
    },
    tmpl: '',
  });
  tree.write(TSCONFIG, addPath(tree.read(TSCONFIG, 'utf-8') as string, importPath, entry));

  if (registerInCli) {
    const list = parsePluginList(tree.read(PLUGIN_LIST, 'utf-8') as string, PLUGIN_LIST);
    if (!list.includes(name)) tree.write(PLUGIN_LIST, renderPluginList([...list, name]));
    updateJson(tree, PLUGIN_LIST_MANIFEST, (manifest) => {
      const deps: Record<string, string> = { ...manifest.dependencies, [importPath]: version(tree, dir) };
      manifest.dependencies = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
      return manifest;
    });
  }

  return () => {
    logger.info(`created ${dir} (${importPath}, architecture '${name}', tag type:plugin)${registerInCli ? '; registered in the otfuse CLI' : ''}`);
    logger.info(`next: npx nx test ${importPath}; npx otfuse list; run npm install to link ${importPath} into node_modules and record it in package-lock.json (npm ci refuses a lock file without it)`);
  };
}

function version(tree: Tree, dir: string): string {
  return readJson(tree, `${dir}/package.json`).version;
}

function dependency(tree: Tree, dir: string, name: string): string {
  const found = readJson(tree, `${dir}/package.json`).dependencies?.[name];
  if (!found) throw new Error(`${dir}/package.json has no dependency on ${name}, whose version the plugin takes from it`);
  return found;
}

/** tsconfig.base.json with one more `paths` entry, the file's layout (one line per entry) kept. */
export function addPath(text: string, importPath: string, entry: string): string {
  const parsed = JSON.parse(text);
  if (parsed.compilerOptions?.paths?.[importPath]) return text;
  const match = /("paths"\s*:\s*\{)([\s\S]*?)(\n?)(\s*)\}/.exec(text);
  if (!match) throw new Error(`${TSCONFIG} has no compilerOptions.paths to add ${importPath} to`);
  const [whole, open, body, , closeIndent] = match;
  const indent = /\n(\s*)"/.exec(body)?.[1] ?? `${closeIndent}  `;
  const line = `${JSON.stringify(importPath)}: [${JSON.stringify(entry)}]`;
  const newBody = body.trim() === '' ? `\n${indent}${line}` : `${body.replace(/\s*$/, '')},\n${indent}${line}`;
  const updated = text.slice(0, match.index) + `${open}${newBody}\n${closeIndent.replace(/^\n/, '')}}` + text.slice(match.index + whole.length);
  const check = JSON.parse(updated);
  if (check.compilerOptions.paths[importPath]?.[0] !== entry) throw new Error(`could not add ${importPath} to ${TSCONFIG}'s paths`);
  return updated;
}
