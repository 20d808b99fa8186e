/**
 * Child process of the paper-size benchmark: runs `otfuse fuse` on one experiment file with
 * progress on stderr, then prints one JSON line with the report's timings and this process's
 * peak resident memory.
 */
import 'reflect-metadata';
import * as tf from '@tensorflow/tfjs';
import { isSkipped, type Landscape, type MethodRun, type Skipped, type StageTimes } from '@otfuse/run';
import { runFuseExperiment } from '../src/fuse-with-report';
import { stderrProgress } from '../src/progress';

export interface RunFuseOutcome {
  backend: string;
  timings: StageTimes;
  /** Each configured method's seconds. */
  methods: Pick<MethodRun, 'id' | 'seconds'>[];
  modelsEvaluated: number;
  testExamples: number;
  maxRssBytes: number;
  /** The grid and samples of the landscape and why, when it was drawn. */
  landscape?: string;
}

/** The landscape's grid and samples, and why, as one line. */
function landscapeSizing(landscape: Landscape | Skipped | undefined): Pick<RunFuseOutcome, 'landscape'> {
  if (landscape === undefined || isSkipped(landscape) || !landscape.sizing) return {};
  const { grid, samples, source } = landscape.sizing;
  return { landscape: `grid ${grid}, ${samples} samples (${source === 'set' ? 'set in the file' : 'time budget'})` };
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

/** The peak so far, and what holds memory now: host arrays (weights, data) and the WebAssembly heap (which never shrinks). */
function memoryNow(): string {
  const { rss, arrayBuffers } = process.memoryUsage();
  const wasm = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.buffer.byteLength;
  const heap = wasm === undefined ? '' : `, WebAssembly heap ${gib(wasm)}`;
  return `peak RSS so far ${gib(process.resourceUsage().maxRSS * 1024)}; now ${gib(rss)}: array buffers ${gib(arrayBuffers)}${heap}`;
}

async function main(): Promise<void> {
  const [file, out] = process.argv.slice(2);
  const progress = stderrProgress(false);
  // Each finished stage also reports the process's resident memory so far, to show where the peak is.
  const withMemory = {
    ...progress,
    stage: (name: string) => {
      const done = progress.stage(name);
      return () => {
        const seconds = done();
        progress.line(`    ${memoryNow()}`);
        return seconds;
      };
    },
  };
  const { report } = await runFuseExperiment({ file, out, replace: false, progress: withMemory });
  const evaluated = report.results.filter((r) => r.oneShot);
  const outcome: RunFuseOutcome = {
    backend: report.backend ?? 'unknown',
    timings: report.timings,
    methods: report.methods.map(({ id, seconds }) => ({ id, seconds })),
    modelsEvaluated: evaluated.length,
    testExamples: evaluated[0]?.oneShot?.count ?? 0,
    // resourceUsage().maxRSS is in kilobytes.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    ...landscapeSizing(report.figures?.landscape),
  };
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`otfuse: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
