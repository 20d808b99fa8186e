#!/usr/bin/env node
// The `otfuse` command. Installed from the registry, it runs the compiled CLI in dist/. In the
// repository (sources and the workspace's tsconfig.base.json beside it) it runs the TypeScript
// sources through @swc-node/register, right after `npm ci` and never a stale build;
// OTFUSE_FROM_DIST=1 runs the compiled dist/ there instead.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const packageRoot = path.resolve(__dirname, '..');
const built = path.join(packageRoot, 'dist', 'main.js');
const sources = path.join(packageRoot, 'src', 'main.ts');
const workspaceTsconfig = path.resolve(packageRoot, '..', '..', 'tsconfig.base.json');

function fail(message) {
  process.stderr.write(`otfuse: ${message}\n`);
  process.exit(2);
}

const inRepository = fs.existsSync(sources) && fs.existsSync(workspaceTsconfig);
const forceDist = process.env.OTFUSE_FROM_DIST === '1';
if (inRepository && !forceDist) {
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || workspaceTsconfig;
  try {
    require.resolve('@swc-node/register');
  } catch {
    fail(`cannot run ${sources} from sources: @swc-node/register is not installed (run npm ci in the repository)`);
  }
  require('@swc-node/register');
  require(sources);
} else if (fs.existsSync(built)) {
  require(built);
} else if (forceDist) {
  fail(`OTFUSE_FROM_DIST=1, but ${built} is missing: run npm run build first`);
} else {
  fail(`${built} is missing and there are no sources to run instead; reinstall @otfuse/cli, or run npm run build in the repository`);
}
