import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CASE_KINDS, type CaseKind } from './cases';
import type { Verdict } from './check-outcome';
import type { WorkerMessage } from './run-cases';

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** A case running longer than this is a hang: its worker is stopped and the run goes on. */
  caseTimeoutSeconds: number;
  /** Stop starting cases after this long (the cases run so far are reported). */
  timeLimitSeconds: number;
}

export interface FuzzFailure {
  index: number;
  kind: CaseKind;
  verdict: Verdict;
  what: string;
  message?: string;
}

export interface FuzzSummary {
  seed: number;
  cases: number;
  byKind: Record<CaseKind, Record<'accepted' | 'refused', number>>;
  /** `ErrorName:CODE` of every refusal, with counts. */
  errors: Record<string, number>;
  slowest: { index: number; kind: CaseKind; what: string; seconds: number } | null;
  failures: FuzzFailure[];
  seconds: number;
}

const WORKER = path.join(__dirname, 'run-cases.ts');

/**
 * Runs `cases` seeded cases in a child process, restarting it after a hang, and sums them up.
 * Case i of seed s is always the same case, so a failure is reproduced by its index.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'otfuse-fuzz-'));
  const started = performance.now();
  const summary: FuzzSummary = {
    seed: options.seed,
    cases: 0,
    byKind: Object.fromEntries(CASE_KINDS.map((k) => [k, { accepted: 0, refused: 0 }])) as FuzzSummary['byKind'],
    errors: {},
    slowest: null,
    failures: [],
    seconds: 0,
  };
  const record = (m: WorkerMessage) => {
    summary.cases++;
    const { verdict, error, seconds, message } = m.outcome;
    if (verdict === 'accepted' || verdict === 'refused') summary.byKind[m.kind][verdict]++;
    else summary.failures.push({ index: m.index, kind: m.kind, verdict, what: m.what, message });
    if (verdict === 'refused' && error) summary.errors[error] = (summary.errors[error] ?? 0) + 1;
    if (!summary.slowest || seconds > summary.slowest.seconds) summary.slowest = { index: m.index, kind: m.kind, what: m.what, seconds };
  };
  try {
    let next = 0;
    while (next < options.cases && (performance.now() - started) / 1000 < options.timeLimitSeconds) {
      next = await runWorker(workspace, options, next, record, started);
    }
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** Runs cases from `from` in one worker until they are done, time is up, or one hangs; returns the next case to run. */
function runWorker(workspace: string, options: FuzzOptions, from: number, record: (m: WorkerMessage) => void, started: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [String(options.seed), String(from), String(options.cases), workspace], {
      execArgv: ['-r', '@swc-node/register'],
      env: { ...process.env, SWC_NODE_PROJECT: path.resolve(__dirname, '../../../tsconfig.base.json') },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let next = from;
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    // The first case also waits for the worker to start and build its fixtures.
    const arm = (seconds: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        record({ index: next, kind: CASE_KINDS[next % CASE_KINDS.length], what: 'see the case index', outcome: { verdict: 'hang', seconds } });
        child.kill('SIGKILL');
        next++;
      }, seconds * 1000);
    };
    arm(options.caseTimeoutSeconds + 60);
    child.stderr?.on('data', (chunk) => (stderr = (stderr + String(chunk)).slice(-4000)));
    child.on('message', (m: WorkerMessage) => {
      record(m);
      next = m.index + 1;
      if ((performance.now() - started) / 1000 >= options.timeLimitSeconds) child.kill('SIGKILL');
      else arm(options.caseTimeoutSeconds);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0 && signal === null) reject(new Error(`fuzz worker exited with code ${code} at case ${next}:\n${stderr}`));
      else resolve(next);
    });
  });
}
