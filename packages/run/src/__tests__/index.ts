// The run's test fixtures, for its own specs and the CLI's (`@otfuse/run/testing`, mapped in
// tsconfig.base.json for tests only: nothing here is built or published).
import path from 'node:path';

export { simulateFullDisk } from './full-disk';
export { handAccuracy } from './hand-accuracy';
export { GOLDEN_DIR, removeTempFolders, tempFolder, writeFile } from './temp-folder';
export { PARENT_TRAIN_EXAMPLES, TWO_MLP_EXPERIMENT, writeTinyMlp, writeTwoMlpExperiment } from './tiny-mlps';
export { READOUT_KIND, readoutGraph } from './readout-kind';
export { TINY_RUN_EXAMPLES, hashFiles, writeTinyRun } from './tiny-run';
export { toYaml } from './to-yaml';
export { processAlive } from '../output/output-lock';
export { containerWithToy, toyBlend, toySolverCalls } from './toy-solver';

/** A `node -r` preload that stops an otfuse process at a chosen point, so a test's kill lands there (see the file). */
export const HOLD_PROCESS_HOOK = path.join(__dirname, 'hold-process.cjs');
