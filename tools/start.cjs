#!/usr/bin/env node
// `npm start`: runs the otfuse CLI from the TypeScript sources (no build step) on the default
// experiment (two ViTs trained on Fashion-MNIST, fused), or on the arguments after `npm start --`.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const defaults = ['fuse', 'experiments/fashion-vit/fuse.yaml'];
const args = process.argv.slice(2);
const result = spawnSync(
  process.execPath,
  ['-r', '@swc-node/register', path.join(root, 'packages/cli/src/main.ts'), ...(args.length ? args : defaults)],
  { stdio: 'inherit', cwd: root, env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json') } },
);
process.exit(result.status ?? 1);
