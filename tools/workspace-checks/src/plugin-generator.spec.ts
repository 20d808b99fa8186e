import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// `npx nx g @otfuse/tools:plugin <name>` (tools/plugin-generator) in a temporary copy of the
// workspace: the new plugin passes its conformance suite, typecheck, lint and the package
// conventions, and `otfuse list` shows it, with no other edit. The copy's node_modules links
// every installed package of this repository, and @otfuse/* to the copy's own folders, as
// `npm ci` would have (the new plugin itself is not linked: nothing needs an npm install).
const root = path.resolve(__dirname, '../../..');
const NAME = 'toy-net';
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NO_COLOR: '1', FORCE_COLOR: '0', OTFUSE_FROM_DIST: undefined };

interface Result {
  status: number | null;
  output: string;
}

/** A command in `cwd`, asynchronously, so that independent checks run side by side. */
function run(cwd: string, command: string, args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

function copyWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otfuse-generator-'));
  for (const file of ['package.json', 'nx.json', 'jest.preset.js', 'eslint.config.cjs', ...fs.readdirSync(root).filter((f) => /^tsconfig.*\.json$/.test(f))]) {
    fs.copyFileSync(path.join(root, file), path.join(dir, file));
  }
  const skip = new Set(['node_modules', 'dist', '.nx', 'coverage']);
  for (const folder of ['packages', 'plugins', 'tools']) {
    fs.cpSync(path.join(root, folder), path.join(dir, folder), { recursive: true, filter: (src) => !skip.has(path.basename(src)) });
  }
  // node_modules: links to this repository's installed packages; @otfuse/* and the otfuse bin
  // point into the copy.
  const modules = path.join(root, 'node_modules');
  const own = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(own, '.bin'), { recursive: true });
  fs.mkdirSync(path.join(own, '@otfuse'));
  for (const entry of fs.readdirSync(modules)) {
    if (entry !== '.bin' && entry !== '@otfuse') fs.symlinkSync(path.join(modules, entry), path.join(own, entry));
  }
  for (const bin of fs.readdirSync(path.join(modules, '.bin'))) {
    if (bin !== 'otfuse') fs.symlinkSync(fs.realpathSync(path.join(modules, '.bin', bin)), path.join(own, '.bin', bin));
  }
  for (const group of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(dir, group))) fs.symlinkSync(path.join(dir, group, name), path.join(own, '@otfuse', name));
  }
  fs.symlinkSync(path.join(dir, 'packages/cli/bin/otfuse.cjs'), path.join(own, '.bin', 'otfuse'));
  return dir;
}

describe('nx g @otfuse/tools:plugin', () => {
  let workspace: string;
  let generated: Result;
  let checks: Record<'conformance' | 'typecheck' | 'lint' | 'conventions' | 'list', Promise<Result>>;
  const plugin = () => path.join(workspace, 'plugins', NAME);
  const generate = (name: string) => run(workspace, 'npx', ['nx', 'g', '@otfuse/tools:plugin', name, '--no-interactive']);
  const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(workspace, file), 'utf8'));

  beforeAll(async () => {
    workspace = copyWorkspace();
    generated = await generate(NAME);
    if (generated.status !== 0) return;
    checks = {
      conformance: run(workspace, 'npx', ['jest', '-c', `plugins/${NAME}/jest.config.cjs`, '--ci']),
      conventions: run(workspace, 'npx', ['jest', '-c', 'tools/workspace-checks/jest.config.cjs', '--ci', 'tools/workspace-checks/src/conventions.spec.ts']),
      typecheck: run(plugin(), 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']),
      lint: run(plugin(), 'npx', ['eslint', 'src']),
      list: run(workspace, 'npx', ['otfuse', 'list']),
    };
    await Promise.all(Object.values(checks));
  }, 120_000);

  afterAll(() => {
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('creates the plugin, maps it in tsconfig.base.json and registers it in the CLI', () => {
    expect(generated.output).toContain(`CREATE plugins/${NAME}/src/conformance.spec.ts`);
    expect(generated.status).toBe(0);
    for (const file of ['package.json', 'tsconfig.json', 'tsconfig.lib.json', 'jest.config.cjs', 'README.md', ...['architecture', 'config', 'graph', 'init', 'forward', 'register', 'index', 'conformance.spec'].map((f) => `src/${f}.ts`)]) {
      expect(fs.existsSync(path.join(plugin(), file))).toBe(true);
    }
    expect(readJson(`plugins/${NAME}/package.json`)).toMatchObject({ name: `@otfuse/${NAME}`, nx: { tags: ['type:plugin'] }, main: 'dist/index.js' });
    expect(readJson('tsconfig.base.json').compilerOptions.paths[`@otfuse/${NAME}`]).toEqual([`plugins/${NAME}/src/index.ts`]);
    expect(readJson('packages/run/package.json').dependencies[`@otfuse/${NAME}`]).toBe('0.1.0');
    expect(fs.readFileSync(path.join(workspace, 'packages/run/src/plugins.ts'), 'utf8')).toContain(`{ id: '${NAME}', register: registerToyNet }`);
  });

  it('makes a plugin that passes its conformance suite', async () => {
    const result = await checks.conformance;
    expect(result.output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(result.output).toContain('architecture plugin conformance');
    expect(result.status).toBe(0);
  });

  it('makes a plugin that typechecks, lints and follows the package conventions', async () => {
    for (const check of [checks.typecheck, checks.lint, checks.conventions]) {
      const result = await check;
      expect(result.output).not.toMatch(/error|failed/i);
      expect(result.status).toBe(0);
    }
    expect((await checks.conventions).output).toContain(`plugins/${NAME} README starts with an example`);
  });

  it('adds the plugin to otfuse list', async () => {
    const result = await checks.list;
    expect(result.status).toBe(0);
    expect(result.output).toMatch(new RegExp(`^architectures:[\\s\\S]*^  ${NAME}\\s+\\S`, 'm'));
    for (const id of ['generic-mlp', 'hf-vit']) expect(result.output).toMatch(new RegExp(`^  ${id}\\s`, 'm'));
  });

  it('refuses to overwrite an existing plugin', async () => {
    const readme = path.join(plugin(), 'README.md');
    fs.appendFileSync(readme, '\nEdited by hand.\n');
    const before = fs.readFileSync(readme, 'utf8');
    const pluginList = fs.readFileSync(path.join(workspace, 'packages/run/src/plugins.ts'), 'utf8');
    const result = await generate(NAME);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`plugins/${NAME} already exists; refusing to overwrite it`);
    expect(fs.readFileSync(readme, 'utf8')).toBe(before);
    expect(fs.readFileSync(path.join(workspace, 'packages/run/src/plugins.ts'), 'utf8')).toBe(pluginList);
  });

  it('refuses a bad name, saying what a name may be', async () => {
    const result = await generate('Toy_Net');
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('"Toy_Net" is not a valid plugin name: use lower-case letters and digits in words joined by single hyphens');
    expect(fs.readdirSync(path.join(workspace, 'plugins')).sort()).toEqual(fs.readdirSync(path.join(root, 'plugins')).concat(NAME).sort());
  });
});
