import { ESLint } from 'eslint';
import * as path from 'node:path';

// The architecture's import rules, proved on the real lint configuration: each case lints a
// one-line file placed inside a real project.
const root = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config file, loaded as such
const lintConfig = require(path.join(root, 'eslint.config.cjs'));
// The configuration is passed in directly: ESLint's own loader needs dynamic import, which jest's VM lacks.
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, baseConfig: lintConfig });

async function boundaryErrors(project: string, source: string, file = 'src/boundary-probe.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, project, file) });
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it.each([
    ['plugins/generic-mlp', '@otfuse/cli', 'a plugin importing the CLI'],
    ['packages/ot', '@otfuse/io', 'ot importing another package of ours'],
    ['packages/io', '@otfuse/core', 'io importing core'],
    ['packages/core', '@otfuse/generic-mlp', 'core importing a plugin'],
    ['packages/data', '@otfuse/core', 'a library importing core'],
    ['packages/core', '@otfuse/train', 'core importing a library of the run'],
    ['packages/core', '@otfuse/data', 'core importing a library of the run'],
    ['packages/core', '@otfuse/backend', 'core importing a library of the run'],
    ['plugins/hf-bert', '@otfuse/train', 'a plugin importing a library of the run'],
    ['plugins/hf-bert', '@otfuse/backend', 'a plugin importing a library of the run'],
    ['plugins/hf-vit', '@otfuse/testing', 'a plugin importing the test kit outside its tests'],
    ['packages/run', '@otfuse/cli', 'the run importing the CLI'],
    ['packages/run', '@otfuse/testing', 'the run importing the test kit outside its tests'],
    ['packages/train', '@otfuse/run', 'a library importing the run'],
    ['packages/core', '@otfuse/run', 'core importing the run'],
    ['plugins/hf-bert', '@otfuse/run', 'a plugin importing the run'],
  ])('rejects %s → %s (%s)', async (project, target) => {
    const errors = await boundaryErrors(project, `import '${target}';\n`);
    expect(errors.join('\n')).toMatch(/can only depend on libs tagged with|Circular dependency between/);
  });

  it.each([
    ['plugins/generic-mlp', '@otfuse/core'],
    ['packages/core', '@otfuse/ot'],
    ['packages/core', '@otfuse/io'],
    ['plugins/hf-vit', '@otfuse/extension'],
    ['packages/cli', '@otfuse/generic-mlp'],
    ['packages/cli', '@otfuse/run'],
    ['packages/run', '@otfuse/core'],
    ['packages/run', '@otfuse/io'],
    ['packages/run', '@otfuse/train'],
    ['packages/run', '@otfuse/hf-bert'],
    ['tools/workspace-checks', '@otfuse/cli'],
    ['tools/workspace-checks', '@otfuse/run'],
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

  it.each(['commander', '@dagrejs/dagre'])('rejects the run importing the command-line library %s', async (target) => {
    const errors = await boundaryErrors('packages/run', `import '${target}';\n`);
    expect(errors.join('\n')).toMatch(/tagged with "type:run" is not allowed to import/);
    expect(await boundaryErrors('packages/cli', `import '${target}';\n`)).toEqual([]);
  });

  it.each([
    ['plugins/hf-vit', '@otfuse/testing', 'src/conformance.spec.ts'],
    ['packages/run', '@otfuse/testing', 'src/run/score.spec.ts'],
    ['packages/cli', '@otfuse/run/testing', 'src/commands/fuse.spec.ts'],
    ['plugins/hf-bert', '@otfuse/backend', 'src/__tests__/golden-models.ts'],
    ['packages/core', '@otfuse/data', 'src/engine/fusion.spec.ts'],
  ])('allows the tests of %s to use %s (%s)', async (project, target, file) => {
    expect(await boundaryErrors(project, `import '${target}';\n`, file)).toEqual([]);
  });
});
