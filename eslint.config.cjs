// Lint rules for every project. The module-boundary rule is the architecture's guard rail:
// ot and io stand alone, plugins never import each other or the CLI, only the CLI sees all.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

module.exports = [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      'no-constant-condition': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Standalone packages (ot, io) may import only the dependency-free extension contract.
            { sourceTag: 'scope:standalone', onlyDependOnLibsWithTags: ['scope:leaf'] },
            { sourceTag: 'scope:leaf', onlyDependOnLibsWithTags: ['scope:none'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:core', 'type:lib'] },
            { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:core', 'type:lib', 'type:testing'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:lib', 'type:plugin', 'type:testing'] },
            // Workspace tools and their checks (tools/*) use the packages from outside, as a user does.
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:app', 'type:core', 'type:lib', 'type:plugin', 'type:testing'] },
          ],
        },
      ],
    },
  },
];
