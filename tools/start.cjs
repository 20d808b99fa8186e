#!/usr/bin/env node
// `npm start`: runs the otfuse CLI from the TypeScript sources (no build step) on the default
// experiment (two ViTs trained on Fashion-MNIST, fused), or on the arguments after `npm start --`.
// The CLI runs in a child process. A terminating signal sent to this launcher (`kill`, a CI
// timeout, a closed terminal) is passed on to it; once it has ended, what its output folder left
// (see packages/run/src/output/launcher-leftovers.ts) is removed, and the launcher exits as it did:
// with its code, or with 128 + the number of the signal that ended it.
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script, run by node without a build */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const defaults = ['fuse', 'experiments/fashion-vit/fuse.yaml'];
const args = process.argv.slice(2);
const leftoversFile = path.join(os.tmpdir(), `otfuse-leftovers-${process.pid}.jsonl`);

/** Paths the ended run recorded and did not remove itself. */
function recordedLeftovers() {
  const paths = new Set();
  const text = fs.existsSync(leftoversFile) ? fs.readFileSync(leftoversFile, 'utf8') : '';
  for (const line of text.split('\n').filter(Boolean)) {
    const entry = JSON.parse(line);
    for (const file of entry.add ?? []) paths.add(file);
    for (const file of entry.remove ?? []) paths.delete(file);
  }
  return [...paths];
}

const child = spawn(
  process.execPath,
  ['-r', '@swc-node/register', path.join(root, 'packages/cli/src/main.ts'), ...(args.length ? args : defaults)],
  {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json'), OTFUSE_LEFTOVERS_FILE: leftoversFile },
  },
);

// Ctrl-C reaches the child from the terminal too; passing it on once more changes nothing.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));

child.on('error', (error) => {
  process.stderr.write(`otfuse: cannot start ${process.execPath}: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  for (const file of recordedLeftovers()) fs.rmSync(file, { recursive: true, force: true });
  fs.rmSync(leftoversFile, { force: true });
  process.exit(signal ? 128 + os.constants.signals[signal] : (code ?? 1));
});
