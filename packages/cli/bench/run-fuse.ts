/**
 * Child process of the paper-size benchmark: runs `otfuse fuse` on one experiment file with
 * progress on stderr, then prints one JSON line with the report's timings and this process's
 * peak resident memory.
 */
import 'reflect-metadata';
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
        progress.line(`    peak RSS so far ${(process.resourceUsage().maxRSS / 1024 ** 2).toFixed(2)} GiB`);
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
