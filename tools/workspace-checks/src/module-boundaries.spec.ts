import { ESLint } from 'eslint';
import * as path from 'node:path';

// The architecture's import rules, proved on the real lint configuration: each case lints a
// one-line file placed inside a real project.
const root = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config file, loaded as such
const lintConfig = require(path.join(root, 'eslint.config.cjs'));
// The configuration is passed in directly: ESLint's own loader needs dynamic import, which jest's VM lacks.
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, baseConfig: lintConfig });

async function boundaryErrors(project: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, project, 'src/boundary-probe.ts') });
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it.each([
    ['plugins/generic-mlp', '@otfuse/cli', 'a plugin importing the CLI'],
    ['packages/ot', '@otfuse/io', 'ot importing another package of ours'],
    ['packages/io', '@otfuse/core', 'io importing core'],
    ['packages/core', '@otfuse/generic-mlp', 'core importing a plugin'],
    ['packages/data', '@otfuse/core', 'a library importing core'],
  ])('rejects %s → %s (%s)', async (project, target) => {
    const errors = await boundaryErrors(project, `import '${target}';\n`);
    expect(errors.join('\n')).toMatch(/can only depend on libs tagged with|Circular dependency between/);
  });

  it.each([
    ['plugins/generic-mlp', '@otfuse/core'],
    ['packages/core', '@otfuse/ot'],
    ['packages/cli', '@otfuse/generic-mlp'],
    ['tools/workspace-checks', '@otfuse/cli'],
  ])('allows %s → %s', async (project, target) => {
    expect(await boundaryErrors(project, `import '${target}';\n`)).toEqual([]);
  });

  it.each([
    ['plugins/hf-vit', '@otfuse/generic-mlp'],
    ['plugins/generic-mlp', '@otfuse/hf-vit'],
  ])('rejects a plugin importing another plugin: %s → %s', async (project, target) => {
    const errors = await boundaryErrors(project, `import '${target}';\n`);
    expect(errors.join('\n')).toMatch(/can only depend on libs tagged with/);
  });
});
