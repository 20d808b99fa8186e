// Lint rules for every project. The module-boundary rule is the architecture's guard rail:
// ot and io stand alone, core builds on them alone (tag `layer:foundation`), plugins build on
// core and those, never on each other, the run's libraries or the CLI; the run (@otfuse/run)
// builds on core, the libraries and the plugins, never on the CLI or a command-line library;
// only the CLI sees all.
// Test files (specs and their helpers) may also use the test kit and the libraries it needs.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

const TEST_FILES = ['**/*.spec.ts', '**/__tests__/**/*.ts', '**/__fixtures__/**/*.ts', '**/bench/**/*.ts'];

/** The rule with `depConstraints`, the production graph's unless widened for test files. */
const boundaries = (depConstraints) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], depConstraints },
];

const PRODUCTION = [
  // Standalone packages (ot, io) may import only the dependency-free extension contract.
  { sourceTag: 'scope:standalone', onlyDependOnLibsWithTags: ['scope:leaf'] },
  { sourceTag: 'scope:leaf', onlyDependOnLibsWithTags: ['scope:none'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  // The engine: the OT solvers, the file formats and the extension contract, nothing of the run.
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['layer:foundation'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:core', 'type:lib'] },
  // An architecture: the engine and the foundation it stands on.
  { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:core', 'layer:foundation'] },
  // The run as a library: what a program that fuses models imports, so no command-line library.
  { sourceTag: 'type:run', onlyDependOnLibsWithTags: ['type:core', 'type:lib', 'type:plugin'], bannedExternalImports: ['commander', '@dagrejs/dagre'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:lib', 'type:plugin', 'type:run', 'type:testing'] },
  // Workspace tools and their checks (tools/*) use the packages from outside, as a user does.
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:app', 'type:core', 'type:lib', 'type:plugin', 'type:run', 'type:testing'] },
];

/** Tests of core and plugins also run models: the test kit, data, training and the backend; the run's tests use the test kit. */
const TESTS = PRODUCTION.map((c) =>
  ['type:core', 'type:plugin', 'type:run'].includes(c.sourceTag) ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:core', 'type:lib', 'type:testing'] } : c,
);

module.exports = [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      'no-constant-condition': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': boundaries(PRODUCTION),
    },
  },
  { files: TEST_FILES, rules: { '@nx/enforce-module-boundaries': boundaries(TESTS) } },
];
