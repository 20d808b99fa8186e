#!/usr/bin/env node
// Creates a library package with the project's standard layout:
//   node tools/new-package.cjs packages/<name> <type:tag> "<description>"
// Architecture plugins come from the Nx generator instead (a working plugin, its conformance
// spec and its CLI registration): npx nx g @otfuse/tools:plugin <name>
// The package gets build/typecheck/lint/test scripts (Nx infers its targets from them),
// a publishable package.json, tsconfigs, a jest config and a README stub to fill in.
const fs = require('node:fs');
const path = require('node:path');

const [dir, tag, description] = process.argv.slice(2);
if (dir && dir.startsWith('plugins/')) {
  console.error(`architecture plugins are made by the generator: npx nx g @otfuse/tools:plugin ${dir.slice('plugins/'.length)}`);
  process.exit(2);
}
const validTags = ['type:core', 'type:lib', 'type:app', 'type:testing'];
if (!dir || !/^packages\/[a-z][a-z0-9-]*$/.test(dir) || !validTags.includes(tag) || !description) {
  console.error('usage: node tools/new-package.cjs packages/<name> <' + validTags.join('|') + '> "<description>"');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const target = path.join(root, dir);
if (fs.existsSync(target)) {
  console.error(`${dir} already exists; refusing to overwrite it`);
  process.exit(1);
}
const name = path.basename(dir);
const up = '../../';

const files = {
  'package.json': JSON.stringify(
    {
      name: `@otfuse/${name}`,
      version: '0.1.0',
      description,
      license: 'MIT',
      main: 'dist/index.js',
      types: 'dist/index.d.ts',
      files: ['dist', 'README.md'],
      scripts: {
        build: 'tsc -p tsconfig.lib.json',
        typecheck: 'tsc -p tsconfig.json --noEmit',
        lint: 'eslint src',
        test: 'jest',
      },
      nx: { tags: [tag] },
      dependencies: {},
    },
    null,
    2,
  ) + '\n',
  'tsconfig.json': JSON.stringify(
    { extends: `${up}tsconfig.base.json`, include: ['src/**/*.ts', 'test/**/*.ts'] },
    null,
    2,
  ) + '\n',
  // Builds resolve sibling packages through node_modules (their built dist), not their sources.
  'tsconfig.lib.json': JSON.stringify(
    {
      extends: `${up}tsconfig.base.json`,
      compilerOptions: { outDir: 'dist', rootDir: 'src', paths: {}, types: ['node'] },
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.spec.ts', 'src/**/__fixtures__/**', 'src/**/__tests__/**'],
    },
    null,
    2,
  ) + '\n',
  'jest.config.cjs': `module.exports = {\n  ...require('${up}jest.preset.js'),\n  displayName: '${name}',\n  rootDir: __dirname,\n};\n`,
  'src/index.ts': `// Public API of @otfuse/${name}.\nexport {};\n`,
  'README.md': `# @otfuse/${name}\n\n${description}\n`,
};
for (const [rel, text] of Object.entries(files)) {
  const file = path.join(target, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
console.log(`created ${dir} (@otfuse/${name}, ${tag})`);
