// Preloaded (`node -r`) into an otfuse process that a test will kill: it stops the process for
// good at a chosen point, so the kill lands exactly there. OTFUSE_HOLD_ON_LINE holds right after a
// stderr line matching the pattern; OTFUSE_HOLD_ON_RENAME right before a rename to a matching path.
// Either says `held:` on stderr first, which is the test's cue.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS preload, run by node without a build */
const fs = require('node:fs');

// The cue goes out unpatched: were it to match OTFUSE_HOLD_ON_LINE itself ('held: OT fusion step
// 10/100'), holding again from inside the hold would recurse until the stack overflows, and the
// process would exit on its own, cleaning up, before the test's kill landed.
const write = process.stderr.write.bind(process.stderr);

function hold(what) {
  write(`held: ${what}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

const onLine = process.env.OTFUSE_HOLD_ON_LINE && new RegExp(process.env.OTFUSE_HOLD_ON_LINE);
if (onLine) {
  process.stderr.write = (chunk, ...rest) => {
    const written = write(chunk, ...rest);
    if (onLine.test(String(chunk))) hold(String(chunk).trim());
    return written;
  };
}

const onRename = process.env.OTFUSE_HOLD_ON_RENAME && new RegExp(process.env.OTFUSE_HOLD_ON_RENAME);
if (onRename) {
  const rename = fs.renameSync;
  fs.renameSync = (from, to) => {
    if (onRename.test(String(to))) hold(`renaming ${from} to ${to}`);
    return rename(from, to);
  };
}
