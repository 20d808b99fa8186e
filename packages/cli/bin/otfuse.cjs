#!/usr/bin/env node
// The `otfuse` command. Installed from the registry, it runs the compiled CLI in dist/. In the
// repository it also works right after `npm ci`, before any build: when dist/main.js is absent
// (or OTFUSE_FROM_SOURCES=1), it runs the TypeScript sources through @swc-node/register, with
// the workspace's tsconfig.base.json mapping every @otfuse/* package to its sources.
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

const forceSources = process.env.OTFUSE_FROM_SOURCES === '1';
if (fs.existsSync(built) && !forceSources) {
  require(built);
} else if (fs.existsSync(sources) && fs.existsSync(workspaceTsconfig)) {
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || workspaceTsconfig;
  try {
    require.resolve('@swc-node/register');
  } catch {
    fail(`cannot run ${sources} from sources: @swc-node/register is not installed (run npm ci in the repository, or npm run build)`);
  }
  require('@swc-node/register');
  require(sources);
} else if (forceSources) {
  fail(`OTFUSE_FROM_SOURCES=1, but ${sources} or ${workspaceTsconfig} is missing (sources run only in the repository)`);
} else {
  fail(`${built} is missing and there are no sources to run instead; reinstall @otfuse/cli, or run npm run build in the repository`);
}
