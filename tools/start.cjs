#!/usr/bin/env node
// `npm start`: runs the otfuse CLI from the TypeScript sources (no build step) on the default
// experiment, or on the arguments given after `npm start --`.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const defaults = ['otfusion-mnist', '--train-size', '12000', '--test-size', '10000', '--epochs', '2'];
const args = process.argv.slice(2);
const result = spawnSync(
  process.execPath,
  ['-r', '@swc-node/register', path.join(root, 'packages/cli/src/main.ts'), ...(args.length ? args : defaults)],
  { stdio: 'inherit', cwd: root, env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json') } },
);
process.exit(result.status ?? 1);
